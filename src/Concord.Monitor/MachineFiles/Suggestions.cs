namespace Concord.Monitor.MachineFiles;

/// <summary>"Did you mean": the known word closest to a misspelt one, if any is close.</summary>
internal static class Suggestions
{
    /// <summary>The closest of <paramref name="known"/> to <paramref name="word"/>: same but for case, a prefix of the other, or a few edits away (see <see cref="MaxEdits"/>).</summary>
    public static string? Closest(string word, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            int distance;
            if (string.Equals(candidate, word, StringComparison.OrdinalIgnoreCase)) distance = 0;
            else if (word.Length >= 3 && candidate.Length >= 3 &&
                     (candidate.StartsWith(word, StringComparison.OrdinalIgnoreCase) || word.StartsWith(candidate, StringComparison.OrdinalIgnoreCase)))
                distance = 1;
            else
            {
                distance = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
                if (distance > MaxEdits(word.Length)) continue;
            }
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>How many edits still look like a typo: none for words of 1-2 letters, 1 up to 4 letters, then 2.</summary>
    private static int MaxEdits(int length) => length switch
    {
        < 3 => 0,
        < 5 => 1,
        _ => 2,
    };

    /// <summary>Levenshtein distance (insertions, deletions, substitutions).</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
