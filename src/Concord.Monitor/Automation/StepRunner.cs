using Concord.Devices.Video;
using Concord.Monitor.Vm;

namespace Concord.Monitor.Automation;

/// <summary>Walks the automation steps: which one is current, how far a send has got.</summary>
internal sealed class StepRunner(IReadOnlyList<AutomationStep> steps)
{
    private int _index;
    private int _typed;

    public AutomationStep? Current => _index < steps.Count ? steps[_index] : null;

    public bool AllDone => _index >= steps.Count;

    public int Completed => _index;

    /// <summary>True on the first look at a step (an expect is checked at once, not a millisecond later).</summary>
    public bool JustStarted { get; private set; } = true;

    /// <summary>Some step may still type keys (a halted guest may be woken by them).</summary>
    public bool MayType
    {
        get
        {
            for (int i = _index; i < steps.Count; i++)
                if (steps[i] is AutomationStep.Send) return true;
            return false;
        }
    }

    public void CheckExpect(Func<TextScreen> screen)
    {
        JustStarted = false;
        if (Current is AutomationStep.Expect expect && screen().Contains(expect.Text)) Next();
    }

    public void Type(VmKeyboard keyboard, bool keyboardIdle)
    {
        JustStarted = false;
        if (Current is not AutomationStep.Send send || !keyboardIdle) return;
        if (_typed < send.Keys.Length) keyboard.Type(send.Keys[_typed++]);
        else Next(); // the last key was taken by the guest
    }

    private void Next()
    {
        _index++;
        _typed = 0;
        JustStarted = true;
    }
}
