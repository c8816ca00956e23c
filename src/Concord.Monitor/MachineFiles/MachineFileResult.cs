using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Concord.Monitor.MachineFiles;

/// <summary>What reading a machine file gave: the spec, or every error found (in the order of the file), never both.</summary>
public sealed class MachineFileResult
{
    private MachineFileResult(MachineSpec? spec, ImmutableArray<MachineFileError> errors)
    {
        Spec = spec;
        Errors = errors;
    }

    /// <summary>The machine, when the file has no error.</summary>
    public MachineSpec? Spec { get; }

    /// <summary>Every error, ordered by line and column; empty when <see cref="Spec"/> is set.</summary>
    public ImmutableArray<MachineFileError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Spec))]
    public bool IsValid => Spec is not null;

    internal static MachineFileResult Valid(MachineSpec spec) => new(spec, []);

    internal static MachineFileResult Invalid(IEnumerable<MachineFileError> errors)
    {
        var list = errors.ToImmutableArray();
        if (list.IsEmpty) throw new ArgumentException("an invalid result needs at least one error", nameof(errors));
        return new(null, list);
    }

    /// <summary>The errors, one a line, as <see cref="MachineFileError.ToString"/> prints them.</summary>
    public override string ToString() => IsValid ? $"valid: {Spec.SourcePath}" : string.Join(Environment.NewLine, Errors);
}
