using System.Reflection;
using NetArchTest.Rules;

namespace Timeline.Tests.Architecture;

/// <summary>
/// The rules behind the layout (README, "Layout"): each capability folder of the service is a namespace, and no
/// two of them depend on each other, however indirectly; what two share (the change feed, the write pipeline) is
/// a folder of its own they both depend on. The domain knows no wire format.
/// </summary>
public static class CapabilityDependencies
{
    /// <summary>For each namespace directly under <paramref name="root"/>, the others its types use.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Of(Assembly assembly, string root)
    {
        var capabilities = assembly.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(ns => ns.StartsWith(root + ".", StringComparison.Ordinal))
            .Select(ns => ns[(root.Length + 1)..].Split('.')[0])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        return capabilities.ToDictionary(
            from => from,
            from => (IReadOnlyList<string>)capabilities
                .Where(to => to != from && !Types.InAssembly(assembly)
                    .That().ResideInNamespaceMatching($@"^{Escape(root)}\.{from}(\..*)?$")
                    .ShouldNot().HaveDependencyOn($"{root}.{to}")
                    .GetResult().IsSuccessful)
                .ToList());
    }

    /// <summary>Every cycle of the dependencies, each as the path that closes it ("A -> B -> A").</summary>
    public static IReadOnlyList<string> Cycles(IReadOnlyDictionary<string, IReadOnlyList<string>> dependencies)
    {
        var cycles = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(string node, List<string> path)
        {
            if (path.IndexOf(node) is var at and >= 0)
            {
                var cycle = path[at..];
                // One name per cycle whichever node it was entered from: rotated to start at its least node.
                var start = cycle.IndexOf(cycle.Min(StringComparer.Ordinal)!);
                cycles.Add(string.Join(" -> ", cycle[start..].Concat(cycle[..start]).Append(cycle[start])));
                return;
            }

            path.Add(node);
            foreach (var next in dependencies.GetValueOrDefault(node) ?? [])
            {
                Walk(next, path);
            }

            path.RemoveAt(path.Count - 1);
        }

        foreach (var node in dependencies.Keys)
        {
            Walk(node, []);
        }

        return [.. cycles];
    }

    /// <summary>The types of <paramref name="assembly"/> (under <paramref name="ns"/>, if given) that use System.Text.Json.</summary>
    public static IReadOnlyList<string> UsingJson(Assembly assembly, string? ns = null)
    {
        var types = Types.InAssembly(assembly);
        var result = (ns is null ? types.Should() : types.That().ResideInNamespace(ns).Should())
            .NotHaveDependencyOn("System.Text.Json")
            .GetResult();
        return result.IsSuccessful ? [] : [.. result.FailingTypeNames];
    }

    private static string Escape(string ns) => ns.Replace(".", @"\.", StringComparison.Ordinal);
}
