namespace Timeline.Drafting;

/// <summary>A word, number or punctuation mark of the text: its offsets, its text and its folded form.</summary>
internal sealed record Token(int Start, int End, string Text, string Folded)
{
    public bool IsWord => char.IsLetterOrDigit(Text[0]);

    public bool IsCapitalized => char.IsUpper(Text[0]);

    public bool IsPossessive => Folded is "'s" or "'";
}

internal static class Tokenizer
{
    /// <summary>Whether the tokens from <paramref name="at"/> on are the folded <paramref name="words"/>, one for one.</summary>
    public static bool HasWordsAt(this IReadOnlyList<Token> tokens, int at, string[] words)
    {
        if (at + words.Length > tokens.Count)
        {
            return false;
        }

        for (var k = 0; k < words.Length; k++)
        {
            if (tokens[at + k].Folded != words[k])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Words keep inner apostrophes and hyphens (O'Connor, centre-back, 26-year-old); a trailing 's or '
    /// (Konate's, Spurs') is a token of its own, so that a name and its possessive match alike.
    /// </summary>
    public static List<Token> Tokenize(string text, string folded, int start, int end)
    {
        var tokens = new List<Token>();
        var i = start;
        while (i < end)
        {
            var c = folded[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                var j = i + 1;
                while (j < end && (char.IsLetterOrDigit(folded[j])
                                   || (folded[j] is '\'' or '-' or '.' && j + 1 < end && char.IsLetterOrDigit(folded[j + 1])
                                       && !(folded[j] == '.' && !char.IsDigit(folded[j - 1])))
                                   || (folded[j] == ',' && char.IsDigit(folded[j - 1]) && j + 3 < end && char.IsDigit(folded[j + 1]) && char.IsDigit(folded[j + 3]))))
                {
                    j++;
                }

                // Konate's -> Konate + 's
                if (j - i > 2 && folded[j - 2] == '\'' && folded[j - 1] == 's')
                {
                    tokens.Add(Make(text, folded, i, j - 2));
                    tokens.Add(Make(text, folded, j - 2, j));
                }
                else
                {
                    tokens.Add(Make(text, folded, i, j));
                }

                i = j;
                continue;
            }

            if (char.IsSurrogate(c) && i + 1 < end)
            {
                tokens.Add(Make(text, folded, i, i + 2));
                i += 2;
                continue;
            }

            tokens.Add(Make(text, folded, i, i + 1));
            i++;
        }

        return tokens;
    }

    private static Token Make(string text, string folded, int start, int end) =>
        new(start, end, text[start..end], folded[start..end]);
}
