using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Translator;

/// <summary>
/// Shifts and rotates whose flags translated code computes at once: every rotate (they change only
/// CF and OF and keep the rest), and shifts by CL. Same results as the interpreter, which the
/// SingleStepTests vectors check on both engines.
/// </summary>
internal static class ShiftOps
{
    /// <summary>
    /// Operation <paramref name="operation"/> (the ModR/M reg field: ROL ROR RCL RCR SHL SHR SAL SAR)
    /// of a <paramref name="width"/>-bit value by <paramref name="count"/> (already masked on the 286),
    /// updating the whole FLAGS word in <paramref name="flags"/>. A count of 0 changes nothing.
    /// </summary>
    public static int Shift(int operation, int width, int value, int count, ref int flags)
    {
        if (count == 0) return value;
        int mask = (1 << width) - 1;
        int msb = 1 << (width - 1);
        int f = flags;
        int r;
        switch (operation)
        {
            case 0: // ROL
                {
                    int c = count & (width - 1);
                    r = ((value << c) | (value >> (width - c))) & mask;
                    int cf = r & 1;
                    flags = (f & ~(CF | OF)) | cf | ((((r & msb) != 0) ^ (cf != 0)) ? OF : 0);
                    return r;
                }
            case 1: // ROR
                {
                    int c = count & (width - 1);
                    r = ((value >> c) | (value << (width - c))) & mask;
                    int cf = (r & msb) != 0 ? CF : 0;
                    flags = (f & ~(CF | OF)) | cf | (((r ^ (r << 1)) & msb) != 0 ? OF : 0);
                    return r;
                }
            case 2: // RCL: through CF, width + 1 bits around
                {
                    int n = count % (width + 1);
                    long wide = ((long)(f & CF) << width) | (uint)value;
                    long rotated = n == 0 ? wide : ((wide << n) | (wide >> (width + 1 - n))) & ((1L << (width + 1)) - 1);
                    r = (int)(rotated & mask);
                    int cf = (int)(rotated >> width) & 1;
                    flags = (f & ~(CF | OF)) | cf | ((((r & msb) != 0) ^ (cf != 0)) ? OF : 0);
                    return r;
                }
            case 3: // RCR
                {
                    int n = count % (width + 1);
                    long wide = ((long)(f & CF) << width) | (uint)value;
                    long rotated = n == 0 ? wide : ((wide >> n) | (wide << (width + 1 - n))) & ((1L << (width + 1)) - 1);
                    r = (int)(rotated & mask);
                    int cf = (int)(rotated >> width) & 1;
                    flags = (f & ~(CF | OF)) | cf | (((r ^ (r << 1)) & msb) != 0 ? OF : 0);
                    return r;
                }
            case 4: case 6: // SHL, and SAL on the 286 (the 8086's /6 is SETMO, left to the interpreter)
                r = count >= width ? 0 : (value << count) & mask;
                flags = LazyFlags.Materialize(width == 8 ? (int)FlagKind.Shl8 : (int)FlagKind.Shl16, value, count, r, f);
                return r;
            case 5: // SHR
                r = count >= width ? 0 : value >> count;
                flags = LazyFlags.Materialize(width == 8 ? (int)FlagKind.Shr8 : (int)FlagKind.Shr16, value, count, r, f);
                return r;
            default: // SAR
                {
                    int s = width == 8 ? (sbyte)value : (short)value;
                    int c = count >= width ? width : count;
                    r = (s >> (c >= width ? width - 1 : c)) & mask;
                    flags = LazyFlags.Materialize(width == 8 ? (int)FlagKind.Sar8 : (int)FlagKind.Sar16, value, count, r, f);
                    return r;
                }
        }
    }
}
