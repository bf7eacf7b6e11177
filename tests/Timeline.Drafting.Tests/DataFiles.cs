using Timeline.Domain;

namespace Timeline.Drafting.Tests;

/// <summary>The vocabularies are data: every cue gives claims of the product's vocabulary, every pattern compiles.</summary>
public sealed class DataFiles
{
    [Fact]
    public void every_cue_emits_a_type_and_value_of_the_claim_vocabulary()
    {
        var cues = Lexicon.Default.Cues;
        cues.Count.ShouldBeGreaterThan(50);
        cues.Select(c => c.Id).Distinct().Count().ShouldBe(cues.Count);
        foreach (var cue in cues)
        {
            foreach (var e in cue.Emits)
            {
                var known = e.Type switch
                {
                    "interest" => Vocabulary<InterestLevel>.TryParse(e.Value, out _),
                    "offer" => Vocabulary<OfferKind>.TryParse(e.Value, out _) && Vocabulary<OfferStatus>.TryParse(e.Status ?? "", out _),
                    "player-stance" => Vocabulary<PlayerStance>.TryParse(e.Value, out _),
                    "club-stance" => Vocabulary<ClubStance>.TryParse(e.Value, out _),
                    "expectation" => e.Value == "infer" || Vocabulary<ExpectedOutcome>.TryParse(e.Value, out _),
                    "outcome" => Vocabulary<OutcomeResult>.TryParse(e.Value, out _),
                    _ => false,
                };
                known.ShouldBeTrue($"{cue.Id}: {e}");
            }

            cue.Agents.ShouldAllBe(a => new[] { "subject", "named", "pair", "destination", "current", "context", "none" }.Contains(a), cue.Id);
            cue.Pattern.IsMatch("").ShouldBeFalse(cue.Id);
        }
    }

    [Fact]
    public void every_cue_needs_words_to_match_and_a_club_mark_only_where_it_names_the_club()
    {
        Lexicon.Expand("keen on <club>").ShouldContain($"{Lexicon.ClubMark}+");
        Lexicon.Default.Cues.Single(c => c.Id == "interest.monitoring.tabs").Pattern.IsMatch("are keeping tabs on").ShouldBeTrue();
        Lexicon.Default.Cues.Single(c => c.Id == "interest.monitoring.tabs").Pattern.IsMatch("are keeping tabsy on").ShouldBeFalse();
    }
}

/// <summary>A cue's key words only spare searches: wherever the cue matches, its keys are there.</summary>
public sealed class CueKeys
{
    [Fact]
    public void wherever_a_cue_matches_in_the_corpus_its_keys_are_present()
    {
        var texts = CorpusFloor.Corpus().Select(a => Folding.Fold(a.Text))
            .Append(Folding.Fold(File.ReadAllText(Drafting.FileNear("Seed/konate-article-2025-11-30.txt"))));
        var checkedMatches = 0;
        foreach (var text in texts)
        {
            foreach (var sentence in text.Split('\n', '.'))
            {
                // Matches, not Pattern.IsMatch: its one retry covers a first search slowed by compilation on a busy machine.
                foreach (var cue in Lexicon.Default.Cues.Where(c => c.Matches(sentence).Count > 0))
                {
                    cue.CanMatch(sentence).ShouldBeTrue($"{cue.Id} matches \"{sentence}\" but its keys are not there");
                    checkedMatches++;
                }
            }
        }

        checkedMatches.ShouldBeGreaterThan(100);
        Lexicon.Default.Cues.Count(c => c.Keys.Count > 0).ShouldBeGreaterThan(Lexicon.Default.Cues.Count / 2);
    }

    [Fact]
    public void keys_are_the_words_one_of_which_each_alternative_needs()
    {
        Lexicon.KeysOf("keep(?:s|ing)? (?:close )?tabs on|monitor(?:s|ing)").Select(k => string.Join("/", k)).ShouldBe(["keep", "monitor"]);
        Lexicon.KeysOf("(?<agent><club>)'s interest in").Select(k => string.Join("/", k)).ShouldBe(["interest"]);
        Lexicon.KeysOf("(?:made|submitted) (?:a|an) (?:<money> )?(?:bid|offer)").Select(k => string.Join("/", k)).ShouldBe(["made/submitted"]);
        Lexicon.KeysOf("(?:\\S+ ){0,3}?x").ShouldBeEmpty();
    }
}

/// <summary>Cues are searched in each clause and, once, in all the clauses joined by line breaks.</summary>
public sealed class CueAnchors
{
    [Fact]
    public void a_cue_that_ends_its_clause_ends_at_a_line_break_too()
    {
        foreach (var cue in Lexicon.Default.Cues)
        {
            var pattern = cue.Pattern.ToString();
            (pattern.Contains("$)", StringComparison.Ordinal) && !pattern.Contains("(?:$|\\n)", StringComparison.Ordinal)).ShouldBeFalse(cue.Id);
        }

        Lexicon.Default.Cues.Single(c => c.Id == "club.sale.open").Matches("we will listen, \n he said").ShouldNotBeEmpty();
    }
}
