using Xunit.Abstractions;

namespace Timeline.Web.Tests;

/// <summary>
/// Lighthouse (npm <c>lighthouse</c>, the pinned version, installed once into a cache beside the user's other
/// caches when it is not there yet) audits every page of the built service with the demo data, one page after
/// another in one Chromium, with its desktop preset: simulated throttling (40 ms round trips, 10 Mbit/s, no CPU
/// slowdown), which models the network from what the page requested instead of timing a shared machine's load.
/// Each page holds performance, accessibility, best practices and SEO at 0.95 or better, and a cumulative layout
/// shift under 0.1.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class lighthouse_audits_every_page(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string LighthouseVersion = "12.8.2";

    private static readonly string[] Pages = ["/", "/sagas/ibrahima-konate", "/reporters", "/desk", "/inbox"];

    [Fact]
    public async Task at_0_95_or_better_in_each_category_with_no_layout_shift()
    {
        var installed = await InstallAsync();
        var report = Path.Combine(Path.GetTempPath(), $"timeline-lighthouse-{Guid.NewGuid():N}.json");
        try
        {
            var script = Path.Combine(AppContext.BaseDirectory, "Lighthouse", "audit.mjs");
            var chromium = Environment.GetEnvironmentVariable("TIMELINE_CHROMIUM") is { Length: > 0 } configured ? configured : BrowserFixture.DefaultChromium;
            var (exit, stdout, stderr) = await RunAsync("node", [script, installed, report, .. Pages.Select(p => new Uri(fixture.BaseUrl, p).ToString())],
                ("CHROME_PATH", chromium));
            exit.ShouldBe(0, $"{stdout}{stderr}");

            var audited = JsonDocument.Parse(await File.ReadAllTextAsync(report)).RootElement.EnumerateArray().ToList();
            audited.Count.ShouldBe(Pages.Length);
            var shortfalls = new List<string>();
            foreach (var page in audited)
            {
                var url = new Uri(page.GetProperty("url").GetString()!).PathAndQuery;
                var scores = page.GetProperty("scores").EnumerateObject().ToDictionary(s => s.Name, s => s.Value.ValueKind == JsonValueKind.Number ? s.Value.GetDouble() : 0);
                var cls = page.GetProperty("metrics").GetProperty("cls").GetDouble();
                var failing = page.GetProperty("failing").EnumerateArray().Select(f => f.GetString()).ToList();
                output.WriteLine(
                    $"{url}: performance {scores["performance"]:0.00}, accessibility {scores["accessibility"]:0.00}, " +
                    $"best practices {scores["best-practices"]:0.00}, SEO {scores["seo"]:0.00}, CLS {cls:0.000} " +
                    $"({page.GetProperty("seconds").GetDouble():0.0} s){(failing.Count > 0 ? $"; below 0.9: {string.Join("; ", failing)}" : "")}");

                if (page.GetProperty("runtimeError").GetString() is { } error)
                {
                    shortfalls.Add($"{url}: Lighthouse could not audit it: {error}");
                }

                shortfalls.AddRange(scores.Where(s => s.Value < 0.95).Select(s => $"{url}: {s.Key} {s.Value:0.00} ({string.Join("; ", failing)})"));
                if (cls >= 0.1)
                {
                    shortfalls.Add($"{url}: cumulative layout shift {cls:0.000}");
                }
            }

            shortfalls.ShouldBeEmpty();
        }
        finally
        {
            File.Delete(report);
        }
    }

    /// <summary>The folder the pinned Lighthouse is installed in, installed with npm first when missing.</summary>
    private static Task<string> InstallAsync() => NodeTool.InstallAsync("lighthouse", LighthouseVersion);

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(
        string file, IEnumerable<string> arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within 5 minutes: {await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
