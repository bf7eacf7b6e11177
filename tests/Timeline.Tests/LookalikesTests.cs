using Timeline.Domain.Names;

namespace Timeline.Tests;

public class LookalikesTests
{
    [Theory]
    [InlineData("Vinny O'Connor", "Vinny O'C\u043Ennor")] // Cyrillic о
    [InlineData("Dean Jones", "Dean J\u03BFnes")] // Greek ο
    [InlineData("Sky Sports", "\u0405ky Sports")] // Cyrillic Ѕ
    [InlineData("Kenan Yıldız", "Kenan Yildiz")] // dotless ı looks like i
    [InlineData("The Athletic", "The AthIetic")] // capital I for l
    [InlineData("Paul Joyce", "PauI Joyce")]
    public void confusable_names_share_a_skeleton(string original, string lookalike)
    {
        original.ShouldNotBe(lookalike);
        Lookalikes.Skeleton(lookalike).ShouldBe(Lookalikes.Skeleton(original));
    }

    [Theory]
    [InlineData("Ibrahima Konaté", "Ibrahima Konate")]
    [InlineData("Dean Jones", "Dean James")]
    [InlineData("Sky Sports", "Sky Sport")]
    [InlineData("Marc Guéhi", "Marc Guèhi")]
    public void names_a_reader_tells_apart_have_different_skeletons(string one, string other) =>
        Lookalikes.Skeleton(one).ShouldNotBe(Lookalikes.Skeleton(other));

    [Fact]
    public void precomposed_and_decomposed_accents_are_one_name()
    {
        Lookalikes.Skeleton("Konat\u00E9").ShouldBe(Lookalikes.Skeleton("Konate\u0301"));
        Lookalikes.NormalizeD("Konat\u00E9").ShouldBe("Konate\u0301");
        Lookalikes.NormalizeD("\uD55C").ShouldBe("\u1112\u1161\u11AB"); // Hangul syllable han, by the algorithm
    }

    [Fact]
    public void combining_marks_are_put_in_canonical_order()
    {
        // U+0323 (below, class 220) sorts before U+0307 (above, class 230) whatever order they came in.
        Lookalikes.NormalizeD("s\u0307\u0323").ShouldBe("s\u0323\u0307");
        Lookalikes.NormalizeD("\u1E69").ShouldBe("s\u0323\u0307");
    }

    [Theory]
    [InlineData("Vinny O'Connor")]
    [InlineData("Ødegaard")]
    [InlineData("Ὀδυσσεύς")]
    [InlineData("مراسل الرياضة")]
    [InlineData("久保 建英")]
    [InlineData("久保 たけふさ")]
    [InlineData("손흥민 Son")]
    [InlineData("Dean Jones 2")]
    [InlineData("a\u0301 combining")]
    public void names_in_one_script_or_a_real_combination_are_accepted(string name) =>
        Lookalikes.Refusal(name).ShouldBeNull();

    [Theory]
    [InlineData("Vinny O'C\u043Ennor", "Cyrillic")]
    [InlineData("Dean J\u03BFnes", "Greek")]
    [InlineData("Sky Спорт", "Cyrillic")]
    public void names_that_mix_scripts_are_refused_and_the_scripts_named(string name, string script) =>
        Lookalikes.Refusal(name).ShouldNotBeNull().ShouldContain(script);

    [Theory]
    [InlineData("rtl \u202Eoverride\u202C")]
    [InlineData("Dean \u2067Jones\u2069")]
    [InlineData("Dean\u200FJones")]
    [InlineData("\u061CDean Jones")]
    public void bidirectional_controls_are_refused(string name) =>
        Lookalikes.Refusal(name).ShouldNotBeNull().ShouldContain("bidirectional");

    [Fact]
    public void a_report_with_a_lookalike_in_its_names_is_refused_field_by_field()
    {
        var errors = new ValidationErrors();
        Rules.Name(errors, "reporter", "Vinny O'C\u043Ennor", required: true);
        Rules.Name(errors, "outlet", "Sky Sports", required: true);
        errors.Has("reporter").ShouldBeTrue();
        errors.Has("outlet").ShouldBeFalse();
    }
}
