using System.Text.RegularExpressions;

namespace Timeline.Api.Web;

/// <summary>
/// Puts a page into <c>wwwroot/layout.html</c>, the head and site header every page shares. A page file is its
/// <c>&lt;main&gt;</c> after a comment that names what the layout asks for: <c>title</c>, <c>headline</c> (the
/// Open Graph title), <c>description</c>, <c>type</c> (Open Graph, <c>website</c> unless named) and <c>live</c>
/// (<c>yes</c> keeps the live-connection indicator in the header). The page's own module is
/// <c>/js/&lt;page&gt;.js</c>, and its link in the header's navigation is marked as the current page.
/// </summary>
public static partial class PageLayout
{
    public const string FileName = "layout.html";

    public static string Compose(string layout, string name, string page)
    {
        var front = FrontMatter().Match(page);
        if (!front.Success)
        {
            throw new InvalidOperationException($"wwwroot/{name}.html does not open with the comment that names its title, headline and description.");
        }

        var values = front.Groups["line"].Captures
            .Select(line => line.Value.Split(':', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.Ordinal);
        values.TryAdd("type", "website");
        values["page"] = name;
        values["main"] = page[front.Length..];

        var html = Placeholder().Replace(layout, match => values.TryGetValue(match.Groups["key"].Value, out var value)
            ? value
            : throw new InvalidOperationException($"wwwroot/{name}.html does not name the {match.Groups["key"].Value} that {FileName} asks for."));
        if (values.GetValueOrDefault("live") != "yes")
        {
            html = LiveIndicator().Replace(html, "");
        }

        var route = name == "index" ? "/" : $"/{name}";
        return html.Replace($"<a href=\"{route}\">", $"<a href=\"{route}\" aria-current=\"page\">", StringComparison.Ordinal);
    }

    /// <summary>The placeholders of the layout: <c>{{title}}</c>. The saga page's values are placeholders themselves, which <see cref="SagaPage"/> fills for each saga.</summary>
    [GeneratedRegex(@"\{\{(?<key>title|headline|description|type|page|main)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\A<!--[^\n]*\n(?:(?<line>[^\n]*)\n)*?-->\n")]
    private static partial Regex FrontMatter();

    [GeneratedRegex(@"\n[ \t]*<p class=""live"" id=""live""[^\n]*")]
    private static partial Regex LiveIndicator();
}
