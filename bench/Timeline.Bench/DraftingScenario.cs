using System.Diagnostics;
using Timeline.Drafting;

namespace Timeline.Bench;

/// <summary>
/// Drafting needs no database: its quality on the labelled corpus (the evaluation's matching, the players'
/// sagas in the store) and its speed, as milliseconds per 1,000 words of article.
/// </summary>
public static class DraftingScenario
{
    public static Task RunAsync(BenchSize size, Action<Measurement> report, Action<string> progress)
    {
        var corpus = LabelledArticle.LoadAll(Path.Combine(RepositoryRoot(), "tests", "Timeline.Drafting.Tests", "Corpus"));
        progress($"drafting: scoring {corpus.Count} labelled articles");
        var micro = DraftScoring.Micro(corpus.Select(a => a.Score(withSagas: true)));
        var f1 = micro.Precision + micro.Recall == 0 ? 0 : 2 * micro.Precision * micro.Recall / (micro.Precision + micro.Recall);
        report(Measurement.Of("drafting.precision", micro.Precision, "ratio"));
        report(Measurement.Of("drafting.recall", micro.Recall, "ratio"));
        report(Measurement.Of("drafting.f1", f1, "ratio"));

        // Articles of at least 1,000 words: consecutive corpus articles run together, each with its players known.
        var articles = new List<(Article Article, StoreKnowledge Store, int Words)>();
        for (var start = 0; start < corpus.Count; start++)
        {
            var parts = new List<LabelledArticle>();
            var words = 0;
            for (var i = start; words < 1_000; i = (i + 1) % corpus.Count)
            {
                parts.Add(corpus[i]);
                words += corpus[i].Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            }

            var text = string.Join("\n\n", parts.Select(p => p.Text));
            articles.Add((new Article(text, parts[0].PublishedAt, parts[0].Outlet, parts[0].Reporter),
                new StoreKnowledge(parts.SelectMany(p => p.Players).DistinctBy(p => p.Slug).ToList(), []), words));
        }

        var samples = size == BenchSize.Smoke ? 20 : size == BenchSize.Quick ? 200 : 1_000;
        progress($"drafting: {samples} articles of {articles.Min(a => a.Words)}-{articles.Max(a => a.Words)} words");
        // Warm up past tiered compilation (each method is recompiled optimised after some thirty calls).
        for (var round = 0; round < 3; round++)
        {
            foreach (var (article, store, _) in articles)
            {
                Drafter.Draft(article, store);
            }
        }

        var perThousandWords = new List<double>(samples);
        var cpuPerThousandWords = new List<double>(samples);
        for (var n = 0; n < samples; n++)
        {
            var (article, store, words) = articles[n % articles.Count];
            var cpu = ThreadCpu();
            var clock = Stopwatch.StartNew();
            Drafter.Draft(article, store);
            perThousandWords.Add(clock.Elapsed.TotalMilliseconds * 1_000 / words);
            cpuPerThousandWords.Add((ThreadCpu() - cpu).TotalMilliseconds * 1_000 / words);
        }

        // The wall-clock figure is the measurement; the thread's own CPU time shows how much of it is the
        // drafter's work and how much waiting for a core on a shared machine.
        progress($"drafting: wall p50 {Stats.Percentile(perThousandWords, 50):0.0} ms, p99 {Stats.Percentile(perThousandWords, 99):0.0} ms; "
                 + $"own CPU p50 {Stats.Percentile(cpuPerThousandWords, 50):0.0} ms, p99 {Stats.Percentile(cpuPerThousandWords, 99):0.0} ms per 1,000 words; "
                 + $"load {LoadAverage()}");
        report(Measurement.Of("drafting.p99", Stats.Percentile(perThousandWords, 99), "ms"));
        return Task.CompletedTask;
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>The calling thread's CPU time (Linux); zero elsewhere.</summary>
    private static TimeSpan ThreadCpu()
    {
        const int threadCpuTimeClock = 3;
        return OperatingSystem.IsLinux() && ClockGetTime(threadCpuTimeClock, out var t) == 0
            ? TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100)
            : TimeSpan.Zero;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Timeline.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The drafting corpus is found from the repository root (Timeline.sln), and none is above the bench.");
    }
}
