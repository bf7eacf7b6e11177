namespace Timeline.Drafting;

internal sealed record Paragraph(int Index, int Start, int End, bool IsHeading, bool OpensWithQuote);

internal sealed record Sentence(int Index, Paragraph Paragraph, int Start, int End, List<Token> Tokens)
{
    public bool IsHeading => Paragraph.IsHeading;

    public bool OpensWithQuote => Tokens.Count > 0 && Tokens[0].Folded is "'" or "\"";
}

/// <summary>Paragraphs (lines) and sentences of an article, as spans of the submitted text.</summary>
internal static class Layout
{
    private const string Closers = "\"')]";

    public static List<Sentence> Split(string text, string folded)
    {
        var sentences = new List<Sentence>();
        var paragraphIndex = 0;
        foreach (var (start, end) in Lines(folded))
        {
            var body = folded[start..end];
            var words = body.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var last = WithoutTrailingCredit(body).TrimEnd("\"')] ".ToCharArray());
            var terminal = last.Length > 0 && last[^1] is '.' or '!' or '?' or ':' or '…';
            // A first line without a full stop is a headline, and so is a short line without one anywhere
            // else (a cross-heading); a short first line ending in ! or ? reads as a headline too.
            var heading = (!terminal && words <= (paragraphIndex == 0 ? 24 : 16))
                          || (paragraphIndex == 0 && words <= 14 && last.Length > 0 && last[^1] is '!' or '?');
            var opensWithQuote = body.TrimStart().Length > 0 && body.TrimStart()[0] is '"' or '\'';
            var paragraph = new Paragraph(paragraphIndex++, start, end, heading, opensWithQuote);
            foreach (var (s, e) in Sentences(text, folded, start, end))
            {
                sentences.Add(new Sentence(sentences.Count, paragraph, s, e, Tokenizer.Tokenize(text, folded, s, e)));
            }
        }

        return sentences;
    }

    /// <summary>"... for him. (Mirror)": the bracketed credit at the end of a round-up item is not its last word.</summary>
    private static string WithoutTrailingCredit(string body)
    {
        // Emoji and other symbols after the last word ("here we go! 🤝") do not make a line a headline.
        var trimmed = body.TrimEnd();
        while (trimmed.Length > 0 && (char.IsSurrogate(trimmed[^1]) || char.IsWhiteSpace(trimmed[^1])
                                      || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(trimmed[^1]) is System.Globalization.UnicodeCategory.OtherSymbol or System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.Format))
        {
            trimmed = trimmed[..^1];
        }

        if (trimmed.EndsWith(')'))
        {
            var open = trimmed.LastIndexOf('(');
            if (open > 0)
            {
                return trimmed[..open];
            }
        }

        return trimmed;
    }

    private static IEnumerable<(int Start, int End)> Lines(string folded)
    {
        var i = 0;
        while (i < folded.Length)
        {
            var nl = folded.IndexOf('\n', i);
            var end = nl < 0 ? folded.Length : nl;
            var (s, e) = Trim(folded, i, end);
            if (e > s)
            {
                yield return (s, e);
            }

            i = end + 1;
        }
    }

    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    private static IEnumerable<(int Start, int End)> Sentences(string text, string folded, int start, int end)
    {
        var sentenceStart = start;
        for (var i = start; i < end; i++)
        {
            var c = folded[i];
            if (c is not ('.' or '!' or '?' or '…'))
            {
                continue;
            }

            var stop = i + 1;
            while (stop < end && (folded[stop] is '.' or '!' or '?' || Closers.Contains(folded[stop])))
            {
                stop++;
            }

            if (stop >= end)
            {
                break;
            }

            if (!char.IsWhiteSpace(folded[stop]))
            {
                continue;
            }

            var next = stop;
            while (next < end && char.IsWhiteSpace(folded[next]))
            {
                next++;
            }

            if (next >= end || !StartsSentence(text, folded, next) || (c == '.' && IsAbbreviation(folded, sentenceStart, i)))
            {
                continue;
            }

            yield return Trim(folded, sentenceStart, stop);
            sentenceStart = next;
            i = next - 1;
        }

        var (s, e) = Trim(folded, sentenceStart, end);
        if (e > s)
        {
            yield return (s, e);
        }
    }

    private static bool StartsSentence(string text, string folded, int at)
    {
        var c = text[at];
        return char.IsUpper(c) || char.IsDigit(c) || folded[at] is '"' or '\'' or '(' or '[' || char.IsSurrogate(c)
               || (!char.IsLetter(c) && !char.IsPunctuation(c));
    }

    /// <summary>"Mr.", "St.", an initial ("R. Lewandowski") or a dotted abbreviation ("U.S.") does not end a sentence.</summary>
    private static bool IsAbbreviation(string folded, int sentenceStart, int dot)
    {
        var wordStart = dot;
        while (wordStart > sentenceStart && (char.IsLetter(folded[wordStart - 1]) || folded[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = folded[wordStart..dot];
        if (word.Length == 0 || (wordStart > sentenceStart && char.IsDigit(folded[wordStart - 1])))
        {
            return false;
        }

        return word.Length == 1 || Language.Default.Abbreviations.Contains(word) || word.Contains('.');
    }
}
