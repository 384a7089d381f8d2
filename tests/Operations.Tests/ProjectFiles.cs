using System.Xml.Linq;

namespace ParameterServer.Operations.Tests;

/// <summary>Reads project files of the repository: assembly names and project-reference closures.</summary>
internal static class ProjectFiles
{
    public static string AssemblyName(string project) =>
        Load(project).Descendants("AssemblyName").Single().Value;

    /// <summary><paramref name="project"/> and every project it references, directly or not, as repository-relative paths.</summary>
    public static IReadOnlySet<string> Closure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(Path.Combine(RepositoryPaths.Root, next))!;
            foreach (var reference in Load(next).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(RepositoryPaths.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }

    private static XDocument Load(string project) => XDocument.Load(Path.Combine(RepositoryPaths.Root, project));
}
