using Xunit.Abstractions;

namespace Timeline.Api.Tests.Contracts;

/// <summary>
/// Stoplight Spectral's OpenAPI rules (<c>spectral:oas</c>, with the exceptions the repository's .spectral.yaml names)
/// find nothing in the document the service serves: no error, no warning. Spectral comes from npm; the test installs
/// the pinned version once into a cache beside the user's other caches when it is not there yet.
/// </summary>
public sealed class the_served_openapi_document_passes_spectral(TimelineFixture fixture, ITestOutputHelper output)
    : IntegrationTest(fixture)
{
    private const string SpectralVersion = "6.16.3";

    [Fact]
    public async Task with_no_error_and_no_warning()
    {
        var document = Path.Combine(Path.GetTempPath(), $"timeline-openapi-{Guid.NewGuid():N}.json");
        var results = Path.ChangeExtension(document, ".spectral.json");
        var served = await Host.Scenario(s => s.Get.Url("/openapi/v1.json"));
        await File.WriteAllTextAsync(document, await served.ReadAsTextAsync());
        try
        {
            var spectral = await SpectralAsync();
            var (exit, stdout, stderr) = await RunAsync(spectral,
                ["lint", document, "--ruleset", Path.Combine(RepositoryRoot(), ".spectral.yaml"), "--format", "json", "--output", results, "--fail-severity", "error"]);
            var findings = JsonDocument.Parse(await File.ReadAllTextAsync(results)).RootElement.EnumerateArray()
                .Select(f => (Severity: f.GetProperty("severity").GetInt32(), Text: $"{f.GetProperty("code").GetString()} at {string.Join('.', f.GetProperty("path").EnumerateArray())}: {f.GetProperty("message").GetString()}"))
                .ToList();
            output.WriteLine($"spectral {SpectralVersion}: {findings.Count(f => f.Severity == 0)} errors, {findings.Count(f => f.Severity == 1)} warnings (exit {exit}) {stdout} {stderr}");

            findings.Where(f => f.Severity <= 1).Select(f => f.Text).ShouldBeEmpty();
            exit.ShouldBe(0);
        }
        finally
        {
            File.Delete(document);
            File.Delete(results);
        }
    }

    /// <summary>The cached Spectral, installed with npm first when missing.</summary>
    private static async Task<string> SpectralAsync() =>
        Path.Combine(await NodeTool.InstallAsync("@stoplight/spectral-cli", SpectralVersion), "node_modules", ".bin", "spectral");

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Timeline.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Timeline.sln not found above the test assembly.");
    }
}
