using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;
using Timeline.Api.Web;

namespace Timeline.Tests;

/// <summary>The asset catalogue on a folder of its own: fingerprints, rewritten imports and expanded preloads.</summary>
public sealed partial class WebAssetsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("timeline-webassets-").FullName;

    public WebAssetsTests()
    {
        Write("app.js", "import { b } from './js/b.js';\nconst pages = { a: () => import('./js/a.js') };\n");
        Write("js/a.js", "import { b } from './b.js';\nimport {\n  c,\n} from \"./c.js\";\nexport const a = b + c;\n");
        Write("js/b.js", "export const b = 1;\n");
        Write("js/c.js", "export const c = 2;\n");
        Write("app.css", "body { margin: 0; }\n");
        Write("layout.html", """
            <title>{{title}}</title>
            <meta property="og:type" content="{{type}}">
            <meta property="og:title" content="{{headline}}">
            <link rel="stylesheet" href="/app.css">
            <script type="module" src="/app.js"></script>
            <link rel="modulepreload" href="/js/{{page}}.js">
            <nav><a href="/">Home</a><a href="/a">A</a><a href="/desk">Desk</a></nav>
            <p class="live" id="live">Connecting</p>
            {{main}}
            """);
        Write("a.html", """
            <!-- The page A:
            title: A · Site
            headline: A
            description: Page A.
            -->
            <main>A's own</main>

            """);
    }

    [Fact]
    public void a_page_is_served_inside_the_layout_with_its_own_values_and_its_link_marked_current()
    {
        var page = new WebAssets(new PhysicalFileProvider(_root), rereadChanges: false).Page("a.html")!;

        page.ShouldStartWith("<title>A · Site</title>\n<meta property=\"og:type\" content=\"website\">\n<meta property=\"og:title\" content=\"A\">");
        page.ShouldContain("<nav><a href=\"/\">Home</a><a href=\"/a\" aria-current=\"page\">A</a><a href=\"/desk\">Desk</a></nav>");
        page.ShouldNotContain("id=\"live\"", customMessage: "a page that does not say live: yes has no live indicator");
        page.ShouldEndWith("<main>A's own</main>\n");
        page.ShouldNotContain("description:", customMessage: "the values are not served as text");
    }

    [Fact]
    public void a_page_without_the_values_the_layout_asks_for_fails_at_once()
    {
        Write("b.html", "<main>B</main>\n");

        Should.Throw<InvalidOperationException>(() => new WebAssets(new PhysicalFileProvider(_root), rereadChanges: false))
            .Message.ShouldContain("wwwroot/b.html does not open with the comment");
    }

    [Fact]
    public void a_module_imports_the_fingerprinted_names_and_a_page_names_and_preloads_them()
    {
        var assets = new WebAssets(new PhysicalFileProvider(_root), rereadChanges: false);

        var a = Served(assets, "/js/a.js");
        a.ShouldContain($"from './{Name(assets, "/js/b.js")}'");
        a.ShouldContain($"from \"./{Name(assets, "/js/c.js")}\"");
        var app = Served(assets, "/app.js");
        app.ShouldContain($"from '.{Fingerprinted(assets, "/js/b.js")}'");
        app.ShouldContain($"import('.{Fingerprinted(assets, "/js/a.js")}')");

        var page = assets.Page("a.html")!;
        page.ShouldContain($"href=\"{Fingerprinted(assets, "/app.css")}\"");
        page.ShouldContain($"src=\"{Fingerprinted(assets, "/app.js")}\"");
        page.ShouldContain("href=\"/desk\"", customMessage: "a page route is not an asset");
        Preloads().Matches(page).Select(m => m.Groups["path"].Value).ShouldBe(
            [Fingerprinted(assets, "/js/a.js"), Fingerprinted(assets, "/js/b.js"), Fingerprinted(assets, "/js/c.js")],
            "the preloaded module, then what it imports");
    }

    [Fact]
    public void a_changed_module_changes_the_address_of_every_module_that_imports_it_and_nothing_else()
    {
        var before = new WebAssets(new PhysicalFileProvider(_root), rereadChanges: false);
        Write("js/b.js", "export const b = 3;\n");
        var after = new WebAssets(new PhysicalFileProvider(_root), rereadChanges: false);

        foreach (var changed in new[] { "/js/b.js", "/js/a.js", "/app.js" })
        {
            Fingerprinted(after, changed).ShouldNotBe(Fingerprinted(before, changed), changed);
        }

        foreach (var same in new[] { "/js/c.js", "/app.css" })
        {
            Fingerprinted(after, same).ShouldBe(Fingerprinted(before, same), same);
        }
    }

    [Fact]
    public void an_import_of_a_missing_file_fails_at_once()
    {
        Write("js/c.js", "import { d } from './d.js';\nexport const c = d;\n");

        Should.Throw<InvalidOperationException>(() => new WebAssets(new PhysicalFileProvider(_root), rereadChanges: false))
            .Message.ShouldContain("wwwroot/js/c.js imports './d.js', and wwwroot/js/d.js is not there.");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string path, string text)
    {
        var file = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    private static string Served(WebAssets assets, string path)
    {
        assets.TryFind(path, out var asset, out _).ShouldBeTrue(path);
        return Encoding.UTF8.GetString(asset.Identity);
    }

    private static string Fingerprinted(WebAssets assets, string path)
    {
        assets.TryFind(path, out var asset, out _).ShouldBeTrue(path);
        path.ShouldNotBe(asset.FingerprintedPath);
        assets.TryFind(asset.FingerprintedPath, out _, out var fingerprinted).ShouldBeTrue();
        fingerprinted.ShouldBeTrue();
        return asset.FingerprintedPath;
    }

    private static string Name(WebAssets assets, string path) => Path.GetFileName(Fingerprinted(assets, path));

    [GeneratedRegex("""<link rel="modulepreload" href="(?<path>[^"]+)">""")]
    private static partial Regex Preloads();
}
