namespace Timeline.Api.Tests;

/// <summary>
/// A Node.js package from the npm registry at a pinned version, installed once per machine into the user's cache
/// (<c>~/.cache/timeline/</c>, or under <c>XDG_CACHE_HOME</c>), so a test can check Timeline with tools and
/// libraries written by other hands (Spectral, Lighthouse, the Standard Webhooks reference library); and scripts run with it.
/// </summary>
public static class NodeTool
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>The folder where <paramref name="package"/> at <paramref name="version"/> is installed (node_modules inside).</summary>
    public static async Task<string> InstallAsync(string package, string version)
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var folder = Path.Combine(cache, "timeline", $"{package.TrimStart('@').Replace('/', '-')}-{version}");
        var installed = Path.Combine(folder, "node_modules", package, "package.json");
        if (File.Exists(installed))
        {
            return folder;
        }

        await Installing.WaitAsync();
        try
        {
            if (!File.Exists(installed))
            {
                Directory.CreateDirectory(folder);
                var (code, output) = await RunAsync(folder, "npm", ["install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", "--prefix", folder, $"{package}@{version}"], null, TimeSpan.FromMinutes(5));
                code.ShouldBe(0, $"npm could not install {package}@{version} (node 18.16 or later and npm are needed: sudo apt-get install -y nodejs npm; .ci/run does):{Environment.NewLine}{output}");
            }
        }
        finally
        {
            Installing.Release();
        }

        return folder;
    }

    /// <summary>Runs <paramref name="script"/> (an ES module) with node in <paramref name="folder"/>, writing <paramref name="input"/> to its standard input.</summary>
    public static async Task<string> RunScriptAsync(string folder, string name, string script, string input)
    {
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, script);
        var (code, output) = await RunAsync(folder, "node", [path], input, TimeSpan.FromMinutes(1));
        code.ShouldBe(0, output);
        return output;
    }

    private static async Task<(int Code, string Output)> RunAsync(string folder, string program, string[] arguments, string? input, TimeSpan budget)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(budget);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {budget}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
