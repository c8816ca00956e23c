using System.Reflection;
using System.Reflection.Emit;

namespace Concord.Architecture.Tests;

/// <summary>
/// Which namespaces of an assembly use which others, read from the compiled code: every type a type
/// names in its base type, interfaces, fields, properties, method signatures and locals, and every
/// type, field or method its method bodies refer to (the IL's tokens). Compiler-generated types
/// (lambdas, iterators) count for the namespace that declares them.
/// </summary>
internal static class NamespaceGraph
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>For each namespace of <paramref name="assembly"/>, the other namespaces of it that its code uses.</summary>
    public static Dictionary<string, SortedSet<string>> Of(Assembly assembly)
    {
        var edges = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (Type type in assembly.GetTypes())
        {
            string from = type.Namespace ?? "";
            if (!edges.TryGetValue(from, out SortedSet<string>? uses)) edges[from] = uses = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Type used in Referenced(type))
                foreach (Type t in Expand(used))
                    if (t.Assembly == assembly && t.Namespace is { } ns && ns != from) uses.Add(ns);
        }
        return edges;
    }

    /// <summary>A cycle of namespaces (first = last), or null when the graph has none.</summary>
    public static IReadOnlyList<string>? FindCycle(Dictionary<string, SortedSet<string>> edges)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var path = new List<string>();
        foreach (string start in edges.Keys.Order(StringComparer.Ordinal))
            if (Visit(start) is { } cycle) return cycle;
        return null;

        IReadOnlyList<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out int s))
            {
                if (s == 2) return null;
                return [.. path.Skip(path.IndexOf(node)), node];
            }
            state[node] = 1;
            path.Add(node);
            foreach (string next in edges.GetValueOrDefault(node) ?? [])
                if (Visit(next) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    private static IEnumerable<Type> Referenced(Type type)
    {
        if (type.BaseType is { } b) yield return b;
        foreach (Type i in type.GetInterfaces()) yield return i;
        foreach (FieldInfo f in type.GetFields(Everything)) yield return f.FieldType;
        foreach (PropertyInfo p in type.GetProperties(Everything)) yield return p.PropertyType;
        foreach (EventInfo e in type.GetEvents(Everything)) if (e.EventHandlerType is { } h) yield return h;
        var methods = type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything));
        foreach (MethodBase m in methods)
        {
            if (m is MethodInfo mi) yield return mi.ReturnType;
            foreach (ParameterInfo p in m.GetParameters()) yield return p.ParameterType;
            MethodBody? body;
            try { body = m.GetMethodBody(); }
            catch (InvalidOperationException) { continue; }
            if (body is null) continue;
            foreach (LocalVariableInfo l in body.LocalVariables) yield return l.LocalType;
            byte[]? il = body.GetILAsByteArray();
            if (il is null) continue;
            foreach (Type t in FromIl(m, il)) yield return t;
        }
    }

    /// <summary>The types behind the token operands of <paramref name="il"/> (types, fields' and methods' declaring and signature types).</summary>
    private static IEnumerable<Type> FromIl(MethodBase method, byte[] il)
    {
        Module module = method.Module;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var found = new List<Type>();
        for (int i = 0; i < il.Length;)
        {
            short code = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            if (!OpCodes.TryGetValue(code, out OpCode op)) break; // not IL we know: stop rather than misread
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineType or OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok:
                {
                    int token = BitConverter.ToInt32(il, i);
                    i += 4;
                    try
                    {
                        switch (module.ResolveMember(token, typeArgs, methodArgs))
                        {
                            case Type t: found.Add(t); break;
                            case FieldInfo f:
                                if (f.DeclaringType is { } fd) found.Add(fd);
                                found.Add(f.FieldType);
                                break;
                            case MethodBase mb:
                                if (mb.DeclaringType is { } md) found.Add(md);
                                if (mb is MethodInfo mbi) found.Add(mbi.ReturnType);
                                found.AddRange(mb.GetParameters().Select(p => p.ParameterType));
                                if (mb.IsGenericMethod) found.AddRange(mb.GetGenericArguments());
                                break;
                        }
                    }
                    catch (ArgumentException) { } // a token of another module's generic context: nothing of ours
                    break;
                }
                default: i += 4; break; // InlineI, InlineBrTarget, InlineString, InlineSig, ShortInlineR
            }
        }
        return found;
    }

    /// <summary>A type and the types it is made of (array elements, generic arguments, by-ref targets, outer types).</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType) { foreach (Type t in Expand(type.GetElementType()!)) yield return t; yield break; }
        if (type.IsGenericParameter) yield break;
        yield return type;
        if (type.IsGenericType)
            foreach (Type a in type.GetGenericArguments())
                foreach (Type t in Expand(a)) yield return t;
    }
}
