namespace Concord.Monitor.Table;

/// <summary>Receives every change of a <see cref="ManagementTable"/>, in order, on the machine's thread.</summary>
public interface ITraceSink
{
    void Write(in TraceEvent e);
}
