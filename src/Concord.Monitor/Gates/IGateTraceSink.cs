namespace Concord.Monitor.Gates;

/// <summary>Receives every step of every gate call, in order, on the machine's thread.</summary>
public interface IGateTraceSink
{
    void Write(in GateEvent e);
}
