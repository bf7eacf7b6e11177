using System.Text.RegularExpressions;
using Timeline.Domain;

namespace Timeline.Drafting;

/// <summary>
/// Turns an article into draft reports, one per credited source, each claim with the sentence and cue
/// that gave it. Rules, not a model: every decision is a cue of <c>Data/cues.json</c>, a club of
/// <c>Data/clubs.json</c> or a grammar word of <c>Data/language.json</c>, read the same way every time.
/// </summary>
public static class Drafter
{
    public const int MaxTextLength = 100_000;

    public static DraftResult Draft(Article article, StoreKnowledge store) => new DraftRun(article, store).Execute();
}

/// <summary>A claim found in a sentence before the report-level rules (supersession, duplicates) run.</summary>
internal sealed class Candidate
{
    public required Emission Emission { get; init; }
    public required Player Player { get; init; }
    public string? Club { get; set; }
    public List<string>? Pair { get; init; }
    public bool NeedsContext { get; set; }
    public required Source Source { get; init; }
    public required Sentence Sentence { get; init; }
    public required Match Match { get; init; }
    public required int MatchStart { get; init; }
    public required Cue Cue { get; init; }
    public decimal? Amount { get; set; }
    public string? Currency { get; set; }
    public string? From { get; set; }
    public double Confidence { get; set; }
    public bool Dropped { get; set; }
}

internal sealed class DraftRun
{
    /// <summary>"they", "we", "their", "the club", "the Serie A side", "the Spanish giants": clubs spoken of before (nouns from language.json).</summary>
    private static readonly Regex ClubReference = new(
        $@"(?<![\w])(?:they|we|the (?<described>(?:[a-z0-9-]+ ){{0,3}}?)(?:{string.Join('|', Language.Default.ClubReferenceNouns.Select(Regex.Escape))})|their)(?![\w])",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private readonly Article _article;
    private readonly string _text;
    private readonly string _folded;
    private readonly Gazetteer _clubs;
    private readonly Source _own;
    private readonly SourceFinder _sources;
    private readonly PlayerFinder _players;
    private readonly Language _lang = Language.Default;

    private List<Sentence> _sentences = [];
    private readonly Dictionary<int, List<ClubMention>> _clubMentions = [];
    private readonly Dictionary<int, List<Credit>> _credits = [];
    private readonly Dictionary<int, List<PlayerMention>> _playerMentions = [];
    private readonly List<PlayerMention> _allPlayerMentions = [];
    private readonly Dictionary<int, List<Money>> _money = [];
    private readonly Dictionary<int, Source> _sentenceSource = [];
    private readonly Dictionary<int, bool> _inherited = [];
    private readonly Dictionary<int, string> _blocked = [];
    private readonly List<Candidate> _candidates = [];
    private List<ClubMention>? _articleSubject;
    private bool? _windowShut;

    public DraftRun(Article article, StoreKnowledge store)
    {
        _article = article;
        _text = article.Text;
        _folded = Folding.Fold(_text);
        // A saga's current club is a club the store names, and is written the way the gazetteer records it.
        var storeClubs = store.Clubs.Concat(store.Sagas.Select(s => s.CurrentClub)).OfType<string>().Where(c => Gazetteer.Default.Canonical(c) is null).ToList();
        _clubs = storeClubs.Count == 0 ? Gazetteer.Default : new Gazetteer(storeClubs);
        var sagas = store.Sagas.Select(s => s.CurrentClub is null ? s : s with { CurrentClub = _clubs.Canonical(s.CurrentClub) ?? s.CurrentClub }).ToList();
        var outlet = Folding.CleanName(article.Outlet ?? OutletOfUrl(article.Url) ?? "Unknown outlet");
        _own = new Source(outlet, article.Reporter is null ? null : Folding.CleanName(article.Reporter), true);
        _sources = new SourceFinder(_own, _clubs);
        _players = new PlayerFinder(sagas);
    }

    private static string? OutletOfUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host.StartsWith("www.", StringComparison.Ordinal) ? uri.Host[4..] : uri.Host : null;

    public DraftResult Execute()
    {
        _sentences = Layout.Split(_text, _folded);
        FindClubs();
        FindCredits();
        FindPlayers();
        MarkDescriptors();
        foreach (var sentence in _sentences)
        {
            _money[sentence.Index] = Values.FindMoney(_folded, sentence.Start, sentence.End);
        }

        Attribute();
        var body = _sentences.Where(s => !s.IsHeading).ToList();
        var clauses = body.ToDictionary(s => s.Index, s => Clauses.Split(s, _clubMentions[s.Index], _playerMentions[s.Index]));
        var texts = body.ToDictionary(s => s.Index, s => { var shadow = Shadow(s); return clauses[s.Index].Select(c => ClauseText(shadow, s, c)).ToList(); });
        var possible = PossibleCues(body, texts);
        foreach (var sentence in body)
        {
            Read(sentence, clauses[sentence.Index], texts[sentence.Index], possible[sentence.Index]);
        }

        ResolveDeferred();
        ApplyReportRules();
        return Build();
    }

    // ---- mentions ----------------------------------------------------------------------------------

    private void FindClubs()
    {
        var all = _sentences.Select(s => (s, found: _clubs.Find(s.Tokens))).ToList();
        var settled = Gazetteer.Settle(all.SelectMany(x => x.found).ToList());
        foreach (var sentence in _sentences)
        {
            _clubMentions[sentence.Index] = settled.Where(m => m.Start >= sentence.Start && m.End <= sentence.End).ToList();
        }
    }

    private void FindCredits()
    {
        Source? lastOutlet = null;
        Source? paragraphPerson = null;
        foreach (var sentence in _sentences)
        {
            if (OpensParagraph(sentence) && !sentence.Paragraph.OpensWithQuote)
            {
                paragraphPerson = null;
            }

            var credits = _sources.Find(sentence, _article.PublishedAt, lastOutlet, paragraphPerson);
            _credits[sentence.Index] = credits;
            foreach (var credit in credits)
            {
                lastOutlet = credit.Source.IsOwn ? lastOutlet : credit.Source;
                if (credit.Source.Reporter is not null)
                {
                    paragraphPerson = credit.Source;
                }
            }
        }
    }

    /// <summary>Whether a sentence is the first of its paragraph, where what a paragraph carries from sentence to sentence starts afresh.</summary>
    private bool OpensParagraph(Sentence sentence) => sentence.Index == 0 || _sentences[sentence.Index - 1].Paragraph != sentence.Paragraph;

    private readonly Dictionary<int, bool[]> _creditTokens = [];
    private readonly Dictionary<int, bool[]> _clubTokens = [];

    private bool InCredit(Sentence sentence, int token) => Covered(_creditTokens, sentence, _credits[sentence.Index].Select(c => (c.Start, c.End)))[token];

    private bool InClub(Sentence sentence, int token) => Covered(_clubTokens, sentence, _clubMentions[sentence.Index].Select(c => (c.Start, c.End)))[token];

    /// <summary>Which tokens of a sentence lie inside the given spans, worked out once per sentence.</summary>
    private static bool[] Covered(Dictionary<int, bool[]> cache, Sentence sentence, IEnumerable<(int Start, int End)> spans)
    {
        if (!cache.TryGetValue(sentence.Index, out var covered))
        {
            var list = spans.ToList();
            covered = sentence.Tokens.Select(t => list.Any(x => t.Start >= x.Start && t.End <= x.End)).ToArray();
            cache[sentence.Index] = covered;
        }

        return covered;
    }

    private void FindPlayers()
    {
        var people = _sources.People.Select(Folding.Fold).ToHashSet(StringComparer.Ordinal);
        foreach (var person in people.ToList())
        {
            people.Add(person.Split(' ')[^1]);
        }

        bool Blocked(Sentence s, int k) => InClub(s, k) || InCredit(s, k) || people.Contains(s.Tokens[k].Folded);
        _players.Discover(_sentences, Blocked, people);
        foreach (var sentence in _sentences)
        {
            _playerMentions[sentence.Index] = _players.Find(sentence, (s, k) => InClub(s, k) || InCredit(s, k));
            _allPlayerMentions.AddRange(_playerMentions[sentence.Index]);
        }
    }

    /// <summary>"Lyon midfielder Mathis Delorme": Lyon describes the player (and is his club), it is no party to a claim.</summary>
    private void MarkDescriptors()
    {
        foreach (var sentence in _sentences)
        {
            var tokens = sentence.Tokens;
            foreach (var club in _clubMentions[sentence.Index])
            {
                var k = club.LastToken + 1;
                if (k < tokens.Count && tokens[k].IsPossessive)
                {
                    k++;
                }

                var before = club.FirstToken > 0 ? tokens[club.FirstToken - 1].Folded : "";
                var position = k < tokens.Count && (_lang.Positions.Contains(tokens[k].Folded) || tokens[k].Folded.EndsWith("-year-old", StringComparison.Ordinal)
                                                    || (k + 1 < tokens.Count && _lang.Positions.Contains(tokens[k].Folded + " " + tokens[k + 1].Folded)));
                var player = _playerMentions[sentence.Index].FirstOrDefault(p => p.FirstToken >= k && p.FirstToken <= k + 3);
                var namesPlayer = player is not null && (player.FirstToken == k || position);
                if (position || namesPlayer || before is "former" or "ex")
                {
                    club.IsDescriptor = true;
                    if (player is not null && before is not ("former" or "ex") && !club.IsVenue)
                    {
                        player.Player.CurrentClub ??= club.Club;
                    }
                }
            }
        }
    }

    // ---- attribution -------------------------------------------------------------------------------

    private void Attribute()
    {
        Source? leading = null;
        Source? previous = null;
        foreach (var sentence in _sentences)
        {
            if (OpensParagraph(sentence))
            {
                leading = null;
            }

            var credits = _credits[sentence.Index];
            var bracket = _sentences.Where(s => s.Paragraph == sentence.Paragraph).SelectMany(s => _credits[s.Index]).FirstOrDefault(c => c.Reach == CreditReach.Paragraph);
            Source source;
            var inherited = false;
            if (credits.Count > 0)
            {
                source = credits[0].Source;
                if (credits[0].Reach == CreditReach.Leading)
                {
                    leading = source;
                }
            }
            else if (bracket is not null)
            {
                (source, inherited) = (bracket.Source, true);
            }
            else if (leading is not null)
            {
                (source, inherited) = (leading, true);
            }
            else if (sentence.OpensWithQuote && previous is not null && !sentence.IsHeading)
            {
                (source, inherited) = (previous, true);
            }
            else
            {
                source = _own;
            }

            if (sentence.IsHeading)
            {
                previous = null;
                continue;
            }

            _sentenceSource[sentence.Index] = source;
            _inherited[sentence.Index] = inherited;
            previous = source;
        }
    }

    // ---- claims ------------------------------------------------------------------------------------

    /// <summary>
    /// Which cues can match in which sentence: each cue runs once over the whole article's clauses, and a
    /// sentence any of its matches touches is looked at clause by clause. Most cues match nowhere, so this
    /// spares thousands of small searches (the clause-by-clause search alone decides what matches).
    /// </summary>
    private static Dictionary<int, HashSet<Cue>> PossibleCues(List<Sentence> body, Dictionary<int, List<string>> texts)
    {
        var joined = new System.Text.StringBuilder();
        var spans = new List<(int Start, int End, int Sentence)>();
        foreach (var sentence in body)
        {
            var start = joined.Length;
            joined.AppendJoin(" \n ", texts[sentence.Index]).Append(" \n\n ");
            spans.Add((start, joined.Length, sentence.Index));
        }

        var all = joined.ToString();
        var possible = body.ToDictionary(s => s.Index, _ => new HashSet<Cue>());
        foreach (var cue in Lexicon.Default.Cues)
        {
            if (!cue.CanMatch(all))
            {
                continue;
            }

            if (cue.Anchored)
            {
                foreach (var set in possible.Values)
                {
                    set.Add(cue);
                }

                continue;
            }

            foreach (var match in cue.Matches(all))
            {
                foreach (var span in spans.Where(x => x.Start < match.Index + match.Length && match.Index < x.End))
                {
                    possible[span.Sentence].Add(cue);
                }
            }
        }

        return possible;
    }

    private void Read(Sentence sentence, List<Clause> clauses, List<string> texts, HashSet<Cue> possible)
    {
        List<ClubMention>? sentenceSubject = null;
        for (var k = 0; k < clauses.Count; k++)
        {
            var clause = clauses[k];
            var text = texts[k];
            // Every cue that fits; of overlapping ones a refusal or a retreat first, then the longest:
            // "denied reports that they are in talks" is a denial, "no interest in selling him" a refusal,
            // "X's interest in him has faded" a cooling, not the interest inside each. A cue that needs a player or a club to act is checked first.
            var found = new List<(Cue Cue, Match Match, int Start, int End, int Rank)>();
            var rank = 0;
            foreach (var cue in Lexicon.Default.Cues)
            {
                rank++;
                if (!possible.Contains(cue))
                {
                    continue;
                }

                foreach (var m in cue.Matches(text))
                {
                    var start = clause.Start + m.Index + (m.Value.Length - m.Value.TrimStart().Length);
                    var end = clause.Start + m.Index + m.Length;
                    if (cue.Subject == "player" && ClubActs(sentence, clause, start))
                    {
                        continue;
                    }

                    if (cue.Subject == "club" && SubjectOf(sentence, clause, start, sentenceSubject, out _) is null)
                    {
                        continue;
                    }

                    found.Add((cue, m, start, end, rank));
                }
            }

            var matches = new List<(Cue Cue, Match Match, int Start, int End)>();
            // A cue inside a longer one is part of it ("has not ruled out a move" is no "ruled out a move").
            var whole = found.Where(f => !found.Any(o => o.Start <= f.Start && o.End >= f.End && o.End - o.Start > f.End - f.Start)).ToList();
            foreach (var f in whole.OrderByDescending(x => Undoes(x.Cue)).ThenByDescending(x => x.End - x.Start).ThenBy(x => x.Rank))
            {
                if (!matches.Any(x => x.Start < f.End && f.Start < x.End))
                {
                    matches.Add((f.Cue, f.Match, f.Start, f.End));
                }
            }

            var explicitSubject = SubjectOf(sentence, clause, matches.Count > 0 ? matches.Min(x => x.Start) : clause.End, sentenceSubject, out var fromReference);
            foreach (var (cue, match, start, end) in matches.OrderBy(x => x.Start))
            {
                var subject = SubjectOf(sentence, clause, start, sentenceSubject, out var viaReference);
                var blocked = Trap(sentence, clause, text, cue, start, end);
                if (blocked is not null)
                {
                    _blocked.TryAdd(sentence.Index, $"{blocked}: \"{_text[start..end]}\"");
                    continue;
                }

                Emit(sentence, clause, text, cue, match, start, end, subject, viaReference);
            }

            if (explicitSubject is not null)
            {
                sentenceSubject = explicitSubject;
                if (!fromReference || _articleSubject is null)
                {
                    _articleSubject = explicitSubject;
                }
            }
        }

        if (sentenceSubject is not null)
        {
            _articleSubject = sentenceSubject;
        }
    }

    private static bool Undoes(Cue cue) =>
        cue.Emits.Any(e => e.Value is "withdrawn" or "cooling" or "not-pursuing" or "wants-to-keep" or "wants-to-stay" || e.Status is "rejected" or "withdrawn");

    /// <summary>The sentence with clubs, players and fees marked (same length) and credits blanked, for the cue patterns.</summary>
    private char[] Shadow(Sentence sentence)
    {
        var shadow = _folded.ToCharArray(sentence.Start, sentence.End - sentence.Start);
        void Fill(int start, int end, char c)
        {
            for (var i = start; i < end; i++)
            {
                shadow[i - sentence.Start] = char.IsWhiteSpace(shadow[i - sentence.Start]) && c == ' ' ? ' ' : c;
            }
        }

        foreach (var credit in _credits[sentence.Index])
        {
            Fill(credit.Start, credit.End, ' ');
        }

        foreach (var club in _clubMentions[sentence.Index])
        {
            Fill(club.Start, club.End, Lexicon.ClubMark);
        }

        foreach (var player in _playerMentions[sentence.Index])
        {
            Fill(player.Start, player.End, Lexicon.PlayerMark);
        }

        foreach (var money in _money[sentence.Index])
        {
            Fill(money.Start, money.End, Lexicon.MoneyMark);
        }

        return shadow;
    }

    private static string ClauseText(char[] shadow, Sentence sentence, Clause clause)
    {
        var chars = shadow[(clause.Start - sentence.Start)..(clause.End - sentence.Start)];
        foreach (var (s, e) in clause.Blanks)
        {
            for (var i = s; i < e; i++)
            {
                chars[i - clause.Start] = ' ';
            }
        }

        return new string(chars);
    }

    private List<Token> TokensIn(Sentence sentence, int start, int end) =>
        sentence.Tokens.Where(t => t.Start >= start && t.End <= end).ToList();

    /// <summary>
    /// The club(s) a clause is about before <paramref name="before"/>: its first club or group of clubs
    /// ("Liverpool and Bayern"), not a player's club ("Lyon midfielder") nor one after a preposition; or
    /// "they", "the club", "the Serie A side", standing for the clubs last spoken of.
    /// </summary>
    private List<ClubMention>? SubjectOf(Sentence sentence, Clause clause, int before, List<ClubMention>? sentenceSubject, out bool viaReference)
    {
        viaReference = false;
        var tokens = sentence.Tokens;
        var clubs = _clubMentions[sentence.Index]
            .Where(c => c.Start >= clause.Start && c.Start < before && !c.IsDescriptor && !c.IsVenue && !clause.Blanks.Any(b => c.Start >= b.Start && c.Start < b.End))
            .Where(c =>
            {
                var prev = c.FirstToken > 0 ? tokens[c.FirstToken - 1] : null;
                if (prev is null || prev.Start < clause.Start || !_lang.Prepositions.Contains(prev.Folded))
                {
                    return true;
                }

                // "of Real Madrid swerving Konate", "with Juventus also tracking him", "with Tottenham and Brighton
                // also keen": the club acts, in a verb ending in -ing or the cue itself right after it (and the other
                // clubs of its group); "talks with Napoli and are confident", "while he was at AZ" are no such case.
                var k = c.LastToken + 1;
                while (k < tokens.Count && tokens[k].Start < before
                       && (InClub(sentence, k) || !tokens[k].IsWord || _lang.Joiners.Contains(tokens[k].Folded)
                           || tokens[k].Folded is "also" or "still" or "now" or "already" or "reportedly" or "both" or "all" or "too"))
                {
                    k++;
                }

                return k < tokens.Count && tokens[k].Start < before
                    ? tokens[k].Folded.EndsWith("ing", StringComparison.Ordinal)
                    : before < clause.End;
            })
            .OrderBy(c => c.Start)
            .ToList();
        // A reference may open the cue itself ("The club's interest in ...").
        // "We understand Fulham ...": the words of a credit refer to no club.
        var reference = ClubReference.Match(_folded[clause.Start..clause.End]);
        while (reference.Success && _credits[sentence.Index].Any(c => clause.Start + reference.Index >= c.Start && clause.Start + reference.Index < c.End))
        {
            reference = reference.NextMatch();
        }

        var referenceAt = reference.Success && clause.Start + reference.Index <= before ? clause.Start + reference.Index : int.MaxValue;
        if (reference.Success && reference.Value == "their" && before - referenceAt > 12)
        {
            referenceAt = int.MaxValue;
        }

        // "The Chelsea hierarchy": a club named inside the reference is the one it stands for.
        var referenceEnd = referenceAt == int.MaxValue ? int.MaxValue : referenceAt + reference.Length;
        if (clubs.Count > 0 && clubs[0].Start < referenceEnd)
        {
            var group = new List<ClubMention> { clubs[0] };
            for (var i = 1; i < clubs.Count; i++)
            {
                var between = _folded[group[^1].End..clubs[i].Start].Trim(' ', ',', '\'', 's');
                if (between.Length == 0 || _lang.Joiners.Contains(between))
                {
                    group.Add(clubs[i]);
                }
                else
                {
                    break;
                }
            }

            return group;
        }

        if (referenceAt != int.MaxValue)
        {
            viaReference = true;
            var fallback = sentenceSubject ?? _articleSubject;
            return Description(reference.Groups["described"].Value) is { } description ? Described(sentence, referenceAt, description, fallback) : fallback;
        }

        viaReference = sentenceSubject is not null;
        return sentenceSubject;
    }

    /// <summary>What the words before a club noun describe ("french" -> "france", "north london"), or null.</summary>
    private string? Description(string words)
    {
        var parts = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var length = parts.Length; length > 0; length--)
        {
            for (var i = 0; i + length <= parts.Length; i++)
            {
                if (_lang.ClubDescriptions.TryGetValue(string.Join(' ', parts, i, length), out var description))
                {
                    return description;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// "the French club", "the north London side": the club last named before <paramref name="at"/> that answers to
    /// the description; when none does, the clubs last spoken of unless they are known not to.
    /// </summary>
    private List<ClubMention>? Described(Sentence sentence, int at, string description, List<ClubMention>? fallback)
    {
        for (var i = sentence.Index; i >= 0; i--)
        {
            var mentions = _clubMentions[i];
            for (var m = mentions.Count - 1; m >= 0; m--)
            {
                if (mentions[m].End <= at && _clubs.Answers(mentions[m].Club, description) == true)
                {
                    return [mentions[m]];
                }
            }
        }

        return fallback is not null && fallback.All(c => _clubs.Answers(c.Club, description) is null) ? fallback : null;
    }

    /// <summary>Why a cue must not become a claim here, or null: negated, hedged or conditional, background, reported then denied.</summary>
    private string? Trap(Sentence sentence, Clause clause, string clauseText, Cue cue, int start, int end)
    {
        var pre = TokensIn(sentence, clause.Start, start).Where(t => !clause.Blanks.Any(b => t.Start >= b.Start && t.End <= b.End)).ToList();
        var tail = pre.TakeLast(6).ToList();
        var tailText = string.Join(' ', tail.Select(t => t.Folded));
        var cueText = _folded[start..end];

        // "Dahl remains a Brentford player" tells an outcome only once the window has shut.
        if (cue.When == "window-shut" && !(_windowShut ??= _lang.WindowShut.Any(w => Language.HasPhrase(_folded, w))))
        {
            return "the window is still open";
        }

        var clauseOpening = clauseText.TrimStart(' ', ',', '\'', '"');
        if (_lang.ConditionalStarts.Any(c => clauseOpening.StartsWith(c + " ", StringComparison.Ordinal)))
        {
            return "conditional";
        }

        var negative = cue.Emits.Any(e => e.Value is "withdrawn" or "not-pursuing" or "wants-to-keep" or "cooling" or "wants-to-stay");
        if (tail.Any(t => t.Folded.EndsWith("n't", StringComparison.Ordinal)) || _lang.Negators.Any(p => p != "n't" && Language.HasPhrase(tailText, p)))
        {
            if (!(negative && Language.HasPhrase(tailText, "no longer")))
            {
                return "negated";
            }
        }

        var modalTail = string.Join(' ', tail.TakeLast(5).Select(t => t.Folded));
        if (_lang.Modals.Any(m => Language.HasPhrase(modalTail, m)))
        {
            return "future or conditional";
        }

        for (var i = 0; i < pre.Count; i++)
        {
            if (pre[i].Folded == "had" && !pre.Take(i).TakeLast(3).Any(t => t.Folded is "has" or "have" or "'ve" or "having"))
            {
                return "background (pluperfect)";
            }
        }

        // "Napoli had held talks in August but walked away": the second verb shares the first one's "had".
        // "... but their interest has since cooled" has a tense of its own.
        var opening = pre.Where(t => t.IsWord).Take(2).Select(t => t.Folded).ToList();
        var ownTense = TokensIn(sentence, clause.Start, end).Any(t => t.Folded is "has" or "have" or "'ve" or "is" or "are" or "am" or "'s" or "'re");
        if (opening.Count > 0 && opening[0] is "but" or "and" or "then" && (pre.Count(t => t.IsWord) <= 2 || opening.Count == 1) && !ownTense
            && PreviousClauseIsPluperfect(sentence, clause, false))
        {
            return "background (pluperfect)";
        }

        // "Tottenham had seen two bids rejected, ..., before turning their attention elsewhere": a participle takes
        // the tense of the sentence it hangs on.
        if (opening is ["before" or "after" or "since" or "without" or "having"] && cueText.Split(' ', 2)[0].EndsWith("ing", StringComparison.Ordinal)
            && PreviousClauseIsPluperfect(sentence, clause, true))
        {
            return "background (pluperfect)";
        }

        var firstWord = cueText.Split(' ', 2)[0];
        var beforeCue = pre.Count > 0 ? pre[^1].Folded : "";
        // "Chelsea were interested in him last summer": a clause in the past tense, with a past verb or "was"/"were".
        var pastVerb = ((_lang.PastVerbs.Contains(firstWord) || firstWord.EndsWith("ed", StringComparison.Ordinal))
                        && beforeCue is not ("has" or "have" or "'ve" or "having" or "been" or "be" or "is" or "are" or "was" or "were" or "to"))
                       || pre.Any(t => t.Folded is "was" or "were");
        var clauseFolded = _folded[clause.Start..clause.End];
        if (pastVerb && (_lang.PastMarkers.Any(m => Language.HasPhrase(clauseFolded, m)) || EarlierYear(clauseFolded)))
        {
            return "background (dated past)";
        }

        // "who scouted him extensively while he was at AZ": a past verb set in the player's earlier days.
        if (pastVerb && _lang.PastSettings.Any(m => Language.HasPhrase(_folded[end..sentence.End], m)))
        {
            return "background (dated past)";
        }

        // "have opened talks with him over a new contract": his own club's renewal, not a suitor's interest.
        if (cue.Emits.All(e => e.Type == "interest") && _lang.RenewalWords.Any(w => Language.HasPhrase(_folded[end..clause.End], w)))
        {
            return "renewal talks";
        }

        var positive = cue.Emits.Any(e => e.Type is "interest" or "offer" && e.Value is not ("withdrawn" or "cooling"));
        if (positive && Hearsay(sentence, start) && Refuted(sentence, start))
        {
            return "reported then denied";
        }

        return null;
    }

    private bool PreviousClauseIsPluperfect(Sentence sentence, Clause clause, bool wholeSentence)
    {
        var before = TokensIn(sentence, sentence.Start, clause.Start);
        for (var i = before.Count - 1; i >= 0 && (wholeSentence || before[i].Folded is not ("," or ";" or ":")); i--)
        {
            if (before[i].Folded == "had" && !before.Take(i).TakeLast(3).Any(t => t.Folded is "has" or "have" or "'ve" or "having"))
            {
                return true;
            }
        }

        return false;
    }

    private bool EarlierYear(string clause)
    {
        foreach (Match m in Regex.Matches(clause, @"\b(?:in|during|back in) (20\d\d)\b"))
        {
            if (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < _article.PublishedAt.Year)
            {
                return true;
            }
        }

        return false;
    }

    private bool Hearsay(Sentence sentence, int before) =>
        TokensIn(sentence, sentence.Start, before).Any(t => _lang.Hearsay.Contains(t.Folded)) || Language.HasPhrase(_folded[sentence.Start..before], "reportedly");

    private bool Refuted(Sentence sentence, int after)
    {
        var rest = _folded[after..sentence.End];
        var next = _sentences.FirstOrDefault(s => s.Index == sentence.Index + 1 && s.Paragraph == sentence.Paragraph);
        var following = next is null ? "" : _folded[next.Start..next.End];
        return _lang.Refutations.Any(r => Language.HasPhrase(rest, r) || Language.HasPhrase(following, r));
    }

    private void Emit(Sentence sentence, Clause clause, string clauseText, Cue cue, Match match, int start, int end, List<ClubMention>? subject, bool subjectViaReference)
    {
        var player = PlayerFor(sentence, clause, cue, match, start, end, out var coreferent);
        if (player is null)
        {
            _blocked.TryAdd(sentence.Index, $"no player for \"{_text[start..end]}\"");
            return;
        }

        var source = _sentenceSource[sentence.Index];
        foreach (var emission in cue.Emits)
        {
            var (clubs, pair, context, viaContext) = ClubsFor(sentence, clause, cue, match, start, end, subject, subjectViaReference, player);
            var targets = clubs.Count > 0 ? clubs.Cast<string?>().ToList() : [null];
            foreach (var club in targets)
            {
                var candidate = new Candidate
                {
                    Emission = emission, Player = player, Club = club, Pair = pair, NeedsContext = context && club is null && pair is null,
                    Source = source, Sentence = sentence, Match = match, MatchStart = start, Cue = cue,
                    Confidence = Math.Round(cue.Weight * (coreferent ? 0.85 : 1) * (viaContext ? 0.85 : 1) * (_inherited[sentence.Index] ? 0.9 : 1), 2),
                };
                if (emission.Type == "offer" && emission.Value == "transfer-fee" || emission.Type == "outcome" && emission.Value == "transferred")
                {
                    if (FeeFor(sentence, clause, start, end) is { } fee)
                    {
                        (candidate.Amount, candidate.Currency) = (fee.Amount, fee.Currency);
                    }
                }

                if (emission.Type == "player-stance")
                {
                    candidate.From = Values.MonthFrom(_folded[start..clause.End], _article.PublishedAt);
                }

                if (emission is { Type: "expectation", Value: "infer" })
                {
                    var outcome = InferOutcome(sentence, clause, start);
                    candidate = new Candidate
                    {
                        Emission = emission with { Value = outcome }, Player = player, Club = outcome == "transfer" ? club : null, Pair = pair,
                        NeedsContext = outcome == "transfer" && club is null && pair is null && context, Source = source, Sentence = sentence,
                        Match = match, MatchStart = start, Cue = cue, Confidence = candidate.Confidence,
                    };
                }

                if (!RequiresClub(candidate.Emission.Type) || candidate.Club is not null || candidate.Pair is not null || candidate.NeedsContext)
                {
                    _candidates.Add(candidate);
                }
                else
                {
                    _blocked.TryAdd(sentence.Index, $"no club for \"{_text[start..end]}\"");
                }
            }
        }
    }

    /// <summary>Whether a club, not the player, is who acts in the clause before the cue ("Chelsea want to join the race").</summary>
    private bool ClubActs(Sentence sentence, Clause clause, int start)
    {
        var clubs = _clubMentions[sentence.Index].Where(c => c.Start >= clause.Start && c.End <= start && !c.IsDescriptor).ToList();
        if (clubs.Count == 0)
        {
            return false;
        }

        var players = _playerMentions[sentence.Index].Where(p => p.Start >= clause.Start && p.End <= start).ToList();
        var pronoun = TokensIn(sentence, clause.Start, start).LastOrDefault(t => t.Folded is "he" or "she" or "i");
        var firstPlayer = players.Select(p => p.Start).Concat(pronoun is null ? [] : [pronoun.Start]).DefaultIfEmpty(int.MaxValue).Min();
        var lastPlayer = players.Select(p => p.Start).Concat(pronoun is null ? [] : [pronoun.Start]).DefaultIfEmpty(-1).Max();
        return clubs[0].Start < firstPlayer && clubs[^1].Start > lastPlayer;
    }

    private static bool RequiresClub(string type) => type is "interest" or "offer" or "club-stance";

    private string InferOutcome(Sentence sentence, Clause clause, int start)
    {
        var sentenceText = _folded[sentence.Start..sentence.End];
        var after = _folded[start..clause.End];
        if (_lang.RenewalWords.Any(w => Language.HasPhrase(sentenceText, w)))
        {
            return "renewal";
        }

        if (after.Split(' ').Any(_lang.StayWords.Contains))
        {
            return "stay";
        }

        return "transfer";
    }

    private Money? FeeFor(Sentence sentence, Clause clause, int start, int end)
    {
        var money = _money[sentence.Index].Where(m => !m.IsPriceTag).ToList();
        return money.FirstOrDefault(m => m.Start >= start && m.End <= end)
               ?? money.FirstOrDefault(m => m.Start >= end && m.Start - end <= 60 && m.End <= clause.End)
               ?? money.FirstOrDefault(m => m.End <= start && start - m.End <= 12 && m.Start >= clause.Start)
               ?? money.LastOrDefault(m => m.End <= start && start - m.End <= 10);
    }

    private Player? PlayerFor(Sentence sentence, Clause clause, Cue cue, Match match, int start, int end, out bool coreferent)
    {
        coreferent = false;
        var mentions = _playerMentions[sentence.Index];
        var inClause = mentions.Where(m => m.Start >= clause.Start && m.End <= clause.End && !clause.Blanks.Any(b => m.Start >= b.Start && m.Start < b.End)).ToList();
        var objectFirst = cue.Emits[0].Type is "interest" or "offer" or "club-stance";
        if (objectFirst && cue.Emits[0].Type != "club-stance" || cue.Emits[0].Value == "not-pursuing")
        {
            var rest = _folded[end..clause.End].TrimStart();
            // "talks for a replacement" are about someone else; "negotiations for a fortnight" are not.
            var words = rest.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2 && words[0] is "for" or "over" or "on" or "in" && _lang.IndefiniteObjects.Contains(words[1])
                && !(words.Length >= 3 && _lang.Durations.Contains(words[2].TrimEnd('.', ',', ';')))
                && !inClause.Any(m => m.Start >= end))
            {
                return null;
            }
        }

        // "Koumba's replacement", "a replacement for Lucas Moreau": the pattern names the player it is about.
        if (match.Groups["saga"].Success)
        {
            var from = clause.Start + match.Groups["saga"].Index;
            return inClause.FirstOrDefault(m => m.Start >= from && m.Start < from + match.Groups["saga"].Length)?.Player;
        }

        // "... about winger Jesper Aalders as a possible replacement": the player replaced is the one spoken of
        // before, not the one in the clause.
        if (cue.SagaReplaced)
        {
            var others = inClause.Select(m => m.Player).ToHashSet();
            var at = _allPlayerMentions.FindLastIndex(m => m.End <= clause.Start && !others.Contains(m.Player));
            coreferent = true;
            return at < 0 ? null : _allPlayerMentions[at].Player;
        }

        if (cue.SagaPrior)
        {
            var before = inClause.LastOrDefault(m => m.End <= start);
            if (before is not null)
            {
                return before.Player;
            }

            // "a shortlist of replacements for Konate", "searching for Konate's successor": the player replaced
            // may be in or after the cue.
            var within = inClause.FirstOrDefault(m => m.Start >= start && m.End <= end);
            if (within is not null)
            {
                return within.Player;
            }

            var focus = Focus(sentence.Start);
            coreferent = focus is not null;
            return focus ?? inClause.FirstOrDefault(m => m.Start >= end)?.Player;
        }

        var after = inClause.FirstOrDefault(m => m.Start >= start);
        var prior = inClause.LastOrDefault(m => m.End <= start);
        var inside = inClause.FirstOrDefault(m => m.Start >= start && m.End <= end);
        var chosen = inside ?? (objectFirst ? after ?? prior : prior ?? after);
        if (chosen is not null)
        {
            return chosen.Player;
        }

        // "he is in talks with Stoke": a pronoun stands for the player named last before it.
        if (TokensIn(sentence, clause.Start, end).Any(t => t.Folded is "he" or "his" or "him") && Focus(start) is { } named)
        {
            coreferent = true;
            return named;
        }

        var nearest = mentions.OrderBy(m => Math.Min(Math.Abs(m.Start - end), Math.Abs(start - m.End))).FirstOrDefault();
        if (nearest is not null)
        {
            return nearest.Player;
        }

        coreferent = true;
        return Focus(sentence.Start);
    }

    /// <summary>"He", "the defender", "the 26-year-old": the player named last before <paramref name="position"/>.</summary>
    private Player? Focus(int position)
    {
        var at = _allPlayerMentions.FindLastIndex(m => m.End <= position);
        return at < 0 ? null : _allPlayerMentions[at].Player;
    }

    private (List<string> Clubs, List<string>? Pair, bool Context, bool ViaContext) ClubsFor(
        Sentence sentence, Clause clause, Cue cue, Match match, int start, int end, List<ClubMention>? subject, bool subjectViaReference, Player player)
    {
        var mentions = _clubMentions[sentence.Index];
        foreach (var agent in cue.Agents)
        {
            switch (agent)
            {
                case "none":
                    return ([], null, false, false);
                case "named" when match.Groups["agent"].Success:
                {
                    var from = clause.Start + match.Groups["agent"].Index;
                    var to = from + match.Groups["agent"].Length;
                    var named = mentions.Where(m => m.Start >= from && m.End <= to).Select(m => m.Club).Distinct().ToList();
                    if (named.Count > 0)
                    {
                        return (named, null, false, false);
                    }

                    break;
                }

                case "pair":
                {
                    if (match.Groups["pair"].Success)
                    {
                        var from = clause.Start + match.Groups["pair"].Index;
                        var to = from + match.Groups["pair"].Length;
                        return ([], mentions.Where(m => m.Start >= from && m.End <= to).Select(m => m.Club).Distinct().ToList(), false, false);
                    }

                    var recent = RecentClubs(sentence, start);
                    if (recent.Count == 2)
                    {
                        return ([], recent, false, true);
                    }

                    break;
                }

                case "subject" when BothClubs(clause, start) && RecentClubs(sentence, start) is { Count: 2 } both:
                    return ([], both, false, true);
                // "Tottenham and Feyenoord have agreed a fee": a buyer and a seller, not two buyers.
                case "subject" when subject is { Count: 2 } && cue.Emits.Any(e => e.Value == "agreed"):
                    return ([], subject.Select(c => c.Club).Distinct().ToList(), false, subjectViaReference);
                // "they are not selling", "we will listen": a seller's stance spoken of by reference is his club's.
                case "subject" when subject is { Count: > 0 } && subjectViaReference && player.CurrentClub is { } current && subject.All(c => c.Club != current)
                                    && cue.Emits.All(e => e is { Type: "club-stance", Value: "wants-to-keep" or "open-to-sale" }):
                    return ([current], null, false, true);
                case "subject" when subject is { Count: > 0 }:
                    return (subject.Select(c => c.Club).Distinct().ToList(), null, false, subjectViaReference);
                case "destination":
                {
                    // "the signing of X from Benfica": a club after "from" is where he comes from, not where he goes.
                    var destination = mentions.FirstOrDefault(m => m.Start >= start && m.End <= clause.End && !m.IsDescriptor && m.Club != player.CurrentClub
                                                                   && !clause.Blanks.Any(b => m.Start >= b.Start && m.Start < b.End)
                                                                   && !(m.FirstToken > 0 && sentence.Tokens[m.FirstToken - 1].Folded == "from"));
                    if (destination is not null)
                    {
                        return ([destination.Club], null, false, false);
                    }

                    break;
                }

                case "current" when player.CurrentClub is not null:
                    return ([player.CurrentClub], null, false, true);
                case "context":
                    return ([], null, true, true);
            }
        }

        return ([], null, false, false);
    }

    /// <summary>"the clubs are in talks", "both clubs": the two clubs last named.</summary>
    private bool BothClubs(Clause clause, int start) =>
        Regex.IsMatch(_folded[clause.Start..start], @"(?<![\w])(?:the (?:two )?clubs|both clubs|the two sides)(?![\w])");

    private List<string> RecentClubs(Sentence sentence, int before) =>
        _sentences.Where(s => s.Start <= sentence.Start).SelectMany(s => _clubMentions[s.Index])
            .Where(m => m.End <= before && !m.IsVenue).Select(m => m.Club).Reverse().Distinct().Take(2).ToList();

    // ---- report rules ------------------------------------------------------------------------------

    private static readonly string[] Strength = ["transferred", "agreed", "bid", "advanced", "agreed-terms", "wants-move", "interested", "monitoring"];

    /// <summary>Sellers of a player: his club, and any club the text gives a seller's stance on his saga.</summary>
    private HashSet<string> Sellers(Player player)
    {
        // His club, when known, is the one seller: a stance drafted for another club ("Bayern see him as the
        // ideal replacement") is no sale of theirs.
        if (player.CurrentClub is not null)
        {
            return new HashSet<string>(StringComparer.Ordinal) { player.CurrentClub };
        }

        var sellers = _candidates.Where(c => c.Player == player && !c.Dropped && c.Club is not null
                                             && (c.Emission.Type == "club-stance" && c.Emission.Value is "wants-to-keep" or "open-to-sale" or "seeking-replacement"
                                                 || c.Emission is { Type: "offer", Value: "contract-extension" }))
            .Select(c => c.Club!).ToHashSet(StringComparer.Ordinal);
        return sellers;
    }

    private void ResolveDeferred()
    {
        foreach (var candidate in _candidates.Where(c => c.Pair is not null))
        {
            var buyers = candidate.Pair!.Except(Sellers(candidate.Player)).ToList();
            if (buyers.Count == 1)
            {
                candidate.Club = buyers[0];
            }
            else if (buyers.Count == 2 && candidate.Emission.Value == "agreed")
            {
                // Reports name the buying club first ("Napoli and Atalanta", "Tottenham and Feyenoord have agreed").
                candidate.Club = buyers[0];
            }
            else
            {
                candidate.Dropped = true;
                _blocked.TryAdd(candidate.Sentence.Index, "which club is the buyer is not clear");
            }
        }

        foreach (var candidate in _candidates.Where(c => c.NeedsContext && !c.Dropped))
        {
            var sellers = Sellers(candidate.Player);
            sellers.UnionWith(_candidates.Where(c => c.Player == candidate.Player && c.Club is not null
                                                     && c.Emission.Value is "withdrawn" or "cooling" or "not-pursuing").Select(c => c.Club!));
            var destination = _candidates
                .Where(c => c.Player == candidate.Player && !c.Dropped && c.Club is not null && !sellers.Contains(c.Club)
                            && Array.IndexOf(Strength, c.Emission.Type == "offer" ? "bid" : c.Emission.Value) >= 0
                            && c.Emission.Type is "interest" or "player-stance" or "offer" or "outcome")
                .GroupBy(c => c.Club!)
                .OrderBy(g => g.Min(c => Array.IndexOf(Strength, c.Emission.Type == "offer" ? "bid" : c.Emission.Value)))
                .ThenBy(g => g.Min(c => c.MatchStart))
                .FirstOrDefault()?.Key;
            if (destination is not null)
            {
                candidate.Club = destination;
            }
            else if (RequiresClub(candidate.Emission.Type) || candidate.Emission.Type == "expectation" && candidate.Emission.Value == "transfer")
            {
                candidate.Dropped = true;
                _blocked.TryAdd(candidate.Sentence.Index, $"no club for \"{_text[candidate.MatchStart..(candidate.MatchStart + candidate.Match.Length)]}\"");
            }
        }
    }

    private void ApplyReportRules()
    {
        foreach (var c in _candidates.Where(c => !c.Dropped))
        {
            var current = c.Player.CurrentClub;
            var isCurrent = current is not null && c.Club == current;
            switch (c.Emission.Type)
            {
                case "interest":
                case "offer" when c.Emission.Value == "transfer-fee":
                    c.Dropped |= isCurrent;
                    break;
                case "offer":
                    c.Dropped |= current is not null && c.Club is not null && c.Club != current;
                    c.Club ??= current;
                    break;
                case "club-stance":
                    c.Dropped |= c.Emission.Value == "not-pursuing" ? isCurrent : current is not null && c.Club != current;
                    break;
                case "player-stance" when isCurrent:
                    c.Club = null;
                    break;
                case "expectation" when c.Emission.Value == "transfer":
                    c.Dropped |= isCurrent;
                    break;
                case "expectation":
                    c.Club = current ?? c.Club;
                    break;
                case "outcome" when c.Emission.Value == "transferred":
                    c.Dropped |= isCurrent;
                    break;
                case "outcome":
                    c.Club = null;
                    break;
            }

            if (RequiresClub(c.Emission.Type) && c.Club is null)
            {
                c.Dropped = true;
            }
        }

        // "made a first offer of €9m, which Malmö rejected": the offer is the rejected one.
        foreach (var made in _candidates.Where(c => !c.Dropped && c.Emission is { Type: "offer", Value: "transfer-fee", Status: "made" }))
        {
            made.Dropped = _candidates.Any(o => o != made && !o.Dropped && o.Sentence == made.Sentence && o.Club == made.Club && o.Player == made.Player
                                                && o.Emission is { Type: "offer", Value: "transfer-fee", Status: "rejected" or "accepted" });
        }

        // "United are long-term admirers ..., but they have no plans to make an offer before the summer": a
        // refusal beside the same club's interest in one sentence is about a step (a bid, a date), not the pursuit.
        foreach (var denial in _candidates.Where(c => !c.Dropped && c.Emission is { Type: "club-stance", Value: "not-pursuing" }))
        {
            denial.Dropped = _candidates.Any(o => !o.Dropped && o.Sentence == denial.Sentence && o.Player == denial.Player && o.Club == denial.Club
                                                  && o.Emission is { Type: "interest", Value: "monitoring" or "interested" or "advanced" }
                                                  && SourceKey(o.Source) == SourceKey(denial.Source));
        }

        // Each club's interest as the report leaves it: a withdrawal undoes what came before it, cooling
        // undoes mere interest (claim-guidelines.md, "record each club's position as the text leaves it").
        foreach (var group in _candidates.Where(c => !c.Dropped && c.Emission.Type == "interest").GroupBy(c => (SourceKey(c.Source), c.Player, c.Club)))
        {
            var ordered = group.OrderBy(c => c.MatchStart).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var undone = ordered[i].Emission.Value switch
                {
                    "withdrawn" => new[] { "monitoring", "interested", "advanced", "agreed", "cooling" },
                    "cooling" => ["monitoring", "interested"],
                    _ => [],
                };
                foreach (var earlier in ordered.Take(i).Where(e => undone.Contains(e.Emission.Value)))
                {
                    earlier.Dropped = true;
                }
            }
        }
    }

    private readonly Dictionary<Source, string> _sourceKeys = [];

    private string SourceKey(Source source)
    {
        if (!_sourceKeys.TryGetValue(source, out var key))
        {
            _sourceKeys[source] = key = Source.OutletKey(OutletOf(source)) + "|" + Folding.Fold(ReporterOf(source));
        }

        return key;
    }

    private string OutletOf(Source source) => source.IsOwn ? _own.Outlet : source.Outlet;

    private string ReporterOf(Source source) =>
        source.Reporter ?? (source.IsOwn ? _own.Reporter ?? _sources.OwnReporter() ?? _own.Outlet : source.Outlet);

    // ---- output ------------------------------------------------------------------------------------

    private DraftResult Build()
    {
        var drafts = new List<Draft>();
        foreach (var group in _candidates.Where(c => !c.Dropped).OrderBy(c => c.MatchStart).GroupBy(c => SourceKey(c.Source)))
        {
            var claims = new List<Claim>();
            var evidence = new List<Evidence>();
            var keys = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var c in group)
            {
                var key = $"{c.Player.Slug}|{c.Emission.Type}|{c.Emission.Value}|{c.Emission.Status}|{c.Club}";
                var loose = $"{c.Player.Slug}|{c.Emission.Type}|{c.Emission.Value}|{c.Emission.Status}|";
                if (keys.ContainsKey(key) || (c.Club is null && keys.Keys.Any(k => k.StartsWith(loose, StringComparison.Ordinal)) && c.Emission.Type is not ("interest" or "offer" or "club-stance")))
                {
                    continue;
                }

                if (c.Club is not null && keys.TryGetValue(loose, out var looseAt) && c.Emission.Type is not ("interest" or "offer" or "club-stance"))
                {
                    // the same claim without a club, drafted earlier: this one names the club
                    claims[looseAt] = ToClaim(c);
                    keys.Remove(loose);
                    keys[key] = looseAt;
                    continue;
                }

                keys[key] = claims.Count;
                claims.Add(ToClaim(c));
                var s = c.Sentence;
                evidence.Add(new Evidence(s.Start, s.End, _text[c.MatchStart..(c.MatchStart + c.Match.Length)], c.Confidence, c.MatchStart, c.MatchStart + c.Match.Length, c.Cue.Id));
            }

            PrimaryStanceLast(claims, evidence);
            var first = group.First();
            var source = first.Source;
            var credit = _credits.Values.SelectMany(x => x).Where(x => SourceKey(x.Source) == group.Key).OrderBy(x => x.Start).FirstOrDefault();
            var sentences = group.Select(c => c.Sentence).Distinct().OrderBy(x => x.Start).Select(x => _text[x.Start..x.End]).ToList();
            var quote = string.Join(" ", sentences);
            if (quote.Length > Rules.MaxQuoteLength)
            {
                quote = quote[..Rules.MaxQuoteLength];
            }

            var publishedAt = credit?.Dated ?? _article.PublishedAt;
            var report = new DraftReport(ReporterOf(source), OutletOf(source), publishedAt, _article.Url, quote, claims);
            var attribution = credit is null ? null : new Attribution(_text[credit.Start..credit.End], credit.Start, credit.End);
            drafts.Add(new Draft(report, evidence, attribution));
        }

        return new DraftResult(drafts, NamedPlayers(), UnparsedSentences());
    }

    /// <summary>
    /// A club that wants to keep a player and lines up a replacement all the same mainly wants to keep him:
    /// its replacement search goes before its other stance on the saga, so that the fold (last claim
    /// wins within a report) shows the main one.
    /// </summary>
    private static void PrimaryStanceLast(List<Claim> claims, List<Evidence> evidence)
    {
        for (var i = 0; i < claims.Count; i++)
        {
            if (claims[i] is ClubStanceClaim { Stance: ClubStance.SeekingReplacement } search)
            {
                var other = claims.FindIndex(c => c is ClubStanceClaim other && other.Saga == search.Saga && other.Club == search.Club && other.Stance != ClubStance.SeekingReplacement);
                if (other >= 0 && other < i)
                {
                    (claims[other], claims[i]) = (claims[i], claims[other]);
                    (evidence[other], evidence[i]) = (evidence[i], evidence[other]);
                }
            }
        }
    }

    private Claim ToClaim(Candidate c)
    {
        var saga = c.Player.Slug;
        var e = c.Emission;
        return e.Type switch
        {
            "interest" => new InterestClaim(saga, c.Club!, Parse<InterestLevel>(e.Value)),
            "offer" => new OfferClaim(saga, c.Club!, Parse<OfferKind>(e.Value), Parse<OfferStatus>(e.Status!),
                e.Value == "transfer-fee" ? c.Amount : null, e.Value == "transfer-fee" ? c.Currency : null),
            "player-stance" => new PlayerStanceClaim(saga, Parse<PlayerStance>(e.Value),
                e.Value is "wants-move" or "agreed-terms" ? c.Club : null, c.From),
            "club-stance" => new ClubStanceClaim(saga, c.Club!, Parse<ClubStance>(e.Value)),
            "expectation" => new ExpectationClaim(saga, Parse<ExpectedOutcome>(e.Value), c.Club, c.Cue.Confidence),
            "outcome" => new OutcomeClaim(saga, Parse<OutcomeResult>(e.Value), e.Value == "transferred" ? c.Club : null,
                e.Value == "transferred" ? c.Amount : null),
            _ => throw new InvalidOperationException($"Cue {c.Cue.Id} emits an unknown claim type '{e.Type}'."),
        };
    }

    private static T Parse<T>(string value) where T : struct, Enum =>
        Vocabulary<T>.TryParse(value, out var parsed) ? parsed : throw new InvalidOperationException($"'{value}' is not a {typeof(T).Name}.");

    private List<NamedPlayer> NamedPlayers()
    {
        var named = new List<NamedPlayer>();
        var seen = new HashSet<Player>();
        foreach (var sentence in _sentences)
        {
            var transfer = sentence.Tokens.Any(t => PlayerFinder.IsTransferWord(t.Folded)) || _candidates.Any(c => c.Sentence == sentence);
            foreach (var mention in _playerMentions[sentence.Index].Where(_ => transfer))
            {
                if (seen.Add(mention.Player))
                {
                    var written = _text[mention.Start..mention.End];
                    var name = mention.Player.Saga is null || written.Contains(' ') ? Folding.CleanName(written) : mention.Player.Name;
                    named.Add(mention.Player.Saga is null ? new NamedPlayer(mention.Player.Name, null, mention.Player.Slug, mention.Player.CurrentClub) : new NamedPlayer(name, mention.Player.Saga, null, mention.Player.CurrentClub));
                }
            }
        }

        return named;
    }

    private List<Unparsed> UnparsedSentences()
    {
        var unparsed = new List<Unparsed>();
        foreach (var sentence in _sentences.Where(s => !s.IsHeading))
        {
            if (_candidates.Any(c => c.Sentence == sentence && !c.Dropped))
            {
                continue;
            }

            var named = _playerMentions[sentence.Index].Count > 0 || _clubMentions[sentence.Index].Count > 0;
            var transfer = sentence.Tokens.Any(t => PlayerFinder.IsTransferWord(t.Folded));
            if (named && (transfer || _blocked.ContainsKey(sentence.Index)))
            {
                unparsed.Add(new Unparsed(sentence.Start, sentence.End, _text[sentence.Start..sentence.End],
                    _blocked.GetValueOrDefault(sentence.Index, "no cue the drafter knows")));
            }
        }

        return unparsed;
    }
}
