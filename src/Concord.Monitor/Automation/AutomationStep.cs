namespace Concord.Monitor.Automation;

/// <summary>One step of a headless run, done in the order given.</summary>
public abstract record AutomationStep
{
    /// <summary>Waits until <paramref name="Text"/> is on the screen (the text of the 80x25 snapshot, rows joined with '\n').</summary>
    public sealed record Expect(string Text) : AutomationStep
    {
        public override string ToString() => $"expect \"{KeyText.Escape(Text)}\"";
    }

    /// <summary>Types <paramref name="Keys"/> (already unescaped) through the keyboard controller, one character at a time.</summary>
    public sealed record Send(string Keys) : AutomationStep
    {
        public override string ToString() => $"send \"{KeyText.Escape(Keys)}\"";
    }
}
