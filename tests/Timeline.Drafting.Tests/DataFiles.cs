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
