using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CodeHollow.FeedReader;

namespace Timeline.Api.Intake;

/// <summary>One item of a feed as Timeline keeps it: plain text, however the feed carried it.</summary>
public sealed record FeedEntry(string Identity, string? ItemGuid, string? Link, string? Title, DateTimeOffset? Published, string Text);

/// <summary>
/// Reads RSS 0.9x/1.0/2.0, Atom 1.0 and JSON Feed 1.1 with CodeHollow.FeedReader, and turns each item's HTML
/// into plain text with AngleSharp's HTML5 parser, keeping paragraph breaks (the drafter splits on them).
/// An item with neither a guid nor a link, or with no text at all, is skipped; one without a title or a
/// date is kept.
/// </summary>
public static class FeedItems
{
    /// <summary>The longest article text kept (what drafting accepts).</summary>
    public const int MaxTextLength = 100_000;

    /// <summary>The feed's items, newest first as the feed lists them, or null and why the body is not a feed.</summary>
    public static (IReadOnlyList<FeedEntry>? Entries, string? Error) Parse(byte[] body)
    {
        Feed feed;
        try
        {
            feed = FeedReader.ReadFromByteArray(body);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, $"not a feed that can be read ({e.GetType().Name}: {FirstLine(e.Message)}).");
        }

        if (feed.Type == FeedType.Unknown)
        {
            return (null, "not an RSS, Atom or JSON feed.");
        }

        var entries = new List<FeedEntry>();
        foreach (var item in feed.Items ?? [])
        {
            var guid = Clean(item.Id);
            var link = Clean(item.Link);
            var identity = guid ?? link;
            var title = Clean(PlainText(item.Title));
            var text = PlainText(item.Content is { Length: > 0 } ? item.Content : item.Description);
            if (string.IsNullOrWhiteSpace(text))
            {
                text = title ?? "";
            }

            if (identity is null || text.Length == 0)
            {
                continue;
            }

            entries.Add(new FeedEntry(identity, guid, link, title, Published(item), text.Length > MaxTextLength ? text[..MaxTextLength] : text));
        }

        return (entries, null);
    }

    /// <summary>When the item was published; for an Atom entry without <c>published</c>, its required <c>updated</c>.</summary>
    private static DateTimeOffset? Published(FeedItem item)
    {
        var text = item.PublishingDateString is { Length: > 0 } published
            ? published
            : (item.SpecificItem as CodeHollow.FeedReader.Feeds.AtomFeedItem)?.UpdatedDateString;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.ToUniversalTime();
        }

        return item.PublishingDate is { } date
            ? new DateTimeOffset(date.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(date, DateTimeKind.Utc) : date.ToUniversalTime())
            : null;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "header", "footer", "aside", "main", "blockquote", "pre", "figure",
        "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "hr",
    };

    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "iframe", "object", "svg", "head",
    };

    /// <summary>
    /// The text of an HTML fragment: block elements become paragraph breaks ("\n\n"), <c>br</c> a line
    /// break, runs of white space one space; scripts, styles and embedded objects are dropped. Text that is
    /// not HTML comes through as it is, its entities decoded.
    /// </summary>
    public static string PlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var document = new HtmlParser().ParseDocument($"<!doctype html><html><body>{html}</body></html>");
        var text = new StringBuilder(html.Length);
        Walk(document.Body!, text);
        return Tidy(text.ToString());
    }

    private static void Walk(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(t.Data);
                    break;
                case IElement e when Hidden.Contains(e.LocalName):
                    break;
                case IElement e when e.LocalName == "br":
                    text.Append('\n');
                    break;
                case IElement e when Blocks.Contains(e.LocalName):
                    text.Append("\n\n");
                    Walk(e, text);
                    text.Append("\n\n");
                    break;
                case IElement e:
                    Walk(e, text);
                    break;
            }
        }
    }

    /// <summary>Collapses spaces within lines, trims each line, and keeps at most one blank line between paragraphs.</summary>
    private static string Tidy(string raw)
    {
        var paragraphs = raw.Replace("\r\n", "\n").Split("\n\n")
            .Select(p => string.Join('\n', p.Split('\n').Select(CollapseSpaces).Where(line => line.Length > 0)))
            .Where(p => p.Length > 0);
        return string.Join("\n\n", paragraphs);
    }

    private static string CollapseSpaces(string line)
    {
        var collapsed = new StringBuilder(line.Length);
        var space = false;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c))
            {
                space = collapsed.Length > 0;
                continue;
            }

            if (space)
            {
                collapsed.Append(' ');
                space = false;
            }

            collapsed.Append(c);
        }

        return collapsed.ToString();
    }
}
