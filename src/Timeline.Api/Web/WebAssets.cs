using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

namespace Timeline.Api.Web;

/// <summary>
/// Every file in <c>wwwroot</c>, read once and kept in memory with a fingerprint of its content, Brotli and gzip
/// copies and, for the pages, their text (put into the shared layout, <see cref="PageLayout"/>) with each asset reference pointing at the fingerprinted address
/// (<c>/js/saga.3fa9c1d2e4b5.js</c>). A fingerprinted address never changes content, so it is cached for a year;
/// the plain address stays served and is revalidated. No build step: the catalogue is made when the service
/// starts (in Development, again when a page is asked for after a file changed, so an edit shows on reload).
/// <para>
/// A module's relative imports (<c>from './dom.js'</c>, <c>import('./js/index.js')</c>) are rewritten to the
/// imported module's fingerprinted name, and a module's fingerprint is taken after that rewrite, so a changed
/// <c>dom.js</c> changes the address of every module that imports it and a cached page never mixes old and new
/// modules. An import of a file that is not there fails the start instead of a reader's page.
/// </para>
/// </summary>
public sealed partial class WebAssets
{
    private readonly IFileProvider _files;
    private readonly bool _rereadChanges;
    private volatile Catalogue _catalogue;

    /// <summary>The files under <paramref name="files"/>; with <paramref name="rereadChanges"/>, read again after an edit.</summary>
    public WebAssets(IFileProvider files, bool rereadChanges)
    {
        _files = files;
        _rereadChanges = rereadChanges;
        _catalogue = Catalogue.Read(_files);
    }

    /// <summary>The asset at a request path, plain or fingerprinted; whether the path was the fingerprinted one.</summary>
    public bool TryFind(string path, out Asset asset, out bool fingerprinted)
    {
        var catalogue = _catalogue;
        if (catalogue.ByFingerprint.TryGetValue(path, out asset!))
        {
            fingerprinted = true;
            return true;
        }

        fingerprinted = false;
        return catalogue.ByPath.TryGetValue(path, out asset!);
    }

    /// <summary>A page's HTML with its asset references fingerprinted, or null when the file is missing.</summary>
    public string? Page(string name)
    {
        if (_rereadChanges && Catalogue.LastChange(_files, "") > _catalogue.Changed)
        {
            _catalogue = Catalogue.Read(_files);
        }

        return _catalogue.Pages.GetValueOrDefault(name);
    }

    /// <summary>One file as served: its bytes, their compressed copies (made when first asked for) and its fingerprinted address.</summary>
    public sealed record Asset(
        string Path, string FingerprintedPath, string ContentType, string ETag, IReadOnlyList<string> Imports, byte[] Identity, Lazy<byte[]> Brotli, Lazy<byte[]> Gzip);

    private sealed record Catalogue(
        IReadOnlyDictionary<string, Asset> ByPath, IReadOnlyDictionary<string, Asset> ByFingerprint, IReadOnlyDictionary<string, string> Pages,
        DateTimeOffset Changed)
    {
        public static Catalogue Read(IFileProvider files)
        {
            var read = LastChange(files, "");
            var sources = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            Collect(files, "", sources);

            var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
            foreach (var path in sources.Keys.Where(p => !p.EndsWith(".html", StringComparison.Ordinal)))
            {
                Build(path, sources, assets, []);
            }

            var pages = sources.Where(s => s.Key.EndsWith(".html", StringComparison.Ordinal) && s.Key != $"/{PageLayout.FileName}")
                .ToDictionary(
                    s => s.Key.TrimStart('/'),
                    s => Fingerprint(PageLayout.Compose(Layout(sources), s.Key[1..^".html".Length], Encoding.UTF8.GetString(s.Value)), assets));
            return new Catalogue(assets, assets.Values.ToDictionary(a => a.FingerprintedPath, StringComparer.Ordinal), pages, read);
        }

        private static string Layout(Dictionary<string, byte[]> sources) =>
            sources.TryGetValue($"/{PageLayout.FileName}", out var layout)
                ? Encoding.UTF8.GetString(layout)
                : throw new InvalidOperationException($"wwwroot has pages and no {PageLayout.FileName} to put them in.");

        /// <summary>
        /// A page with its references fingerprinted, and each module it preloads followed by the modules that one
        /// imports, so the browser fetches a page's whole module graph at once instead of one import level at a time.
        /// </summary>
        private static string Fingerprint(string html, Dictionary<string, Asset> assets)
        {
            html = ModulePreload().Replace(html, match =>
            {
                var module = match.Groups["path"].Value;
                if (!assets.ContainsKey(module))
                {
                    throw new InvalidOperationException($"A page preloads {module}, and wwwroot{module} is not there.");
                }

                var graph = new List<string>();
                Walk(module, assets, graph);
                return match.Groups["indent"].Value + string.Join(match.Groups["indent"].Value, graph.Select(m => $"<link rel=\"modulepreload\" href=\"{assets[m].FingerprintedPath}\">"));
            });
            return PageReference().Replace(html, match =>
                assets.TryGetValue(match.Groups["path"].Value, out var asset)
                    ? $"{match.Groups["attribute"].Value}=\"{asset.FingerprintedPath}\""
                    : match.Value);
        }

        private static void Walk(string module, Dictionary<string, Asset> assets, List<string> graph)
        {
            if (graph.Contains(module))
            {
                return;
            }

            graph.Add(module);
            foreach (var imported in assets[module].Imports)
            {
                Walk(imported, assets, graph);
            }
        }

        public static DateTimeOffset LastChange(IFileProvider files, string folder) =>
            files.GetDirectoryContents(folder)
                .Select(entry => entry.IsDirectory ? LastChange(files, $"{folder}/{entry.Name}") : entry.LastModified)
                .DefaultIfEmpty(DateTimeOffset.MinValue)
                .Max();

        private static void Collect(IFileProvider files, string folder, Dictionary<string, byte[]> sources)
        {
            foreach (var entry in files.GetDirectoryContents(folder))
            {
                var path = $"{folder}/{entry.Name}";
                if (entry.IsDirectory)
                {
                    Collect(files, path, sources);
                    continue;
                }

                using var stream = entry.CreateReadStream();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                sources[path] = copy.ToArray();
            }
        }

        /// <summary>Builds an asset after the modules it imports, whose fingerprinted names its text then carries.</summary>
        private static Asset Build(string path, Dictionary<string, byte[]> sources, Dictionary<string, Asset> assets, HashSet<string> importing)
        {
            if (assets.TryGetValue(path, out var built))
            {
                return built;
            }

            if (!importing.Add(path))
            {
                throw new InvalidOperationException($"wwwroot{path} imports itself through {string.Join(" → ", importing)}.");
            }

            var content = sources[path];
            var imports = new List<string>();
            if (path.EndsWith(".js", StringComparison.Ordinal))
            {
                var folder = path[..(path.LastIndexOf('/') + 1)];
                var text = ModuleImport().Replace(Encoding.UTF8.GetString(content), match =>
                {
                    var specifier = match.Groups["specifier"].Value;
                    var target = Resolve(folder, specifier);
                    if (!sources.ContainsKey(target))
                    {
                        throw new InvalidOperationException($"wwwroot{path} imports '{specifier}', and wwwroot{target} is not there.");
                    }

                    var imported = Build(target, sources, assets, importing);
                    if (!match.Groups["dynamic"].Success)
                    {
                        imports.Add(target);
                    }

                    return $"{match.Groups["before"].Value}{Relative(folder, imported.FingerprintedPath)}{match.Groups["after"].Value}";
                });
                content = Encoding.UTF8.GetBytes(text);
            }

            importing.Remove(path);
            var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
            var dot = path.LastIndexOf('.');
            var asset = new Asset(path, $"{path[..dot]}.{hash}{path[dot..]}", ContentTypeOf(path), $"\"{hash}\"", imports,
                content,
                new Lazy<byte[]>(() => Compress(content, s => new BrotliStream(s, CompressionLevel.SmallestSize))),
                new Lazy<byte[]>(() => Compress(content, s => new GZipStream(s, CompressionLevel.SmallestSize))));
            assets[path] = asset;
            return asset;
        }

        private static string Resolve(string folder, string specifier)
        {
            var segments = folder.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
            foreach (var segment in specifier.Split('/'))
            {
                if (segment == "..")
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                else if (segment != ".")
                {
                    segments.Add(segment);
                }
            }

            return "/" + string.Join('/', segments);
        }

        private static string Relative(string folder, string target) =>
            target.StartsWith(folder, StringComparison.Ordinal) ? $"./{target[folder.Length..]}" : target;

        private static byte[] Compress(byte[] content, Func<Stream, Stream> compressor)
        {
            using var output = new MemoryStream();
            using (var compressing = compressor(output))
            {
                compressing.Write(content);
            }

            return output.ToArray();
        }

        private static string ContentTypeOf(string path) => Path.GetExtension(path) switch
        {
            ".js" => "text/javascript",
            ".css" => "text/css",
            ".svg" => "image/svg+xml",
            ".png" => "image/png",
            ".json" => "application/json",
            _ => "application/octet-stream",
        };
    }

    /// <summary>A relative module specifier in a static import or export, or a dynamic import.</summary>
    [GeneratedRegex("""(?<before>(?:\bfrom\s*|(?<dynamic>\bimport\s*\(\s*)|\bimport\s+)(?<quote>['"]))(?<specifier>\.{1,2}/[^'"\s]+\.js)(?<after>\k<quote>)""")]
    private static partial Regex ModuleImport();

    /// <summary>A page's <c>&lt;link rel="modulepreload" href="/js/saga.js"&gt;</c>, with the indentation of its line.</summary>
    [GeneratedRegex("""(?<indent>\n[ \t]*)?<link rel="modulepreload" href="(?<path>/[^"]+)">""")]
    private static partial Regex ModulePreload();

    /// <summary>A page's reference to a file at the site's root: <c>href="/app.css"</c>, <c>src="/app.js"</c>.</summary>
    [GeneratedRegex(@"(?<attribute>\b(?:href|src))=""(?<path>/[^""?#]+)""")]
    private static partial Regex PageReference();
}
