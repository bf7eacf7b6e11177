using System.Diagnostics;

namespace Timeline.Api.Tests;

/// <summary>
/// A Node.js package from the npm registry, installed once per machine into a folder of the temporary directory
/// (so a test can check Timeline against a library written by other hands), and scripts run with it.
/// </summary>
public static class NodeTool
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>The folder where <paramref name="package"/> at <paramref name="version"/> is installed (node_modules inside).</summary>
    public static async Task<string> InstallAsync(string package, string version)
    {
        var folder = Path.Combine(Path.GetTempPath(), "timeline-npm", $"{package.Replace('/', '-').TrimStart('@')}-{version}");
        if (Directory.Exists(Path.Combine(folder, "node_modules", package)))
        {
            return folder;
        }

        await Installing.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules", package)))
            {
                Directory.CreateDirectory(folder);
                var (code, output) = await RunAsync(folder, "npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", folder, $"{package}@{version}"], null, TimeSpan.FromMinutes(3));
                code.ShouldBe(0, $"npm could not install {package}@{version} (node and npm are needed: .ci/run installs them):{Environment.NewLine}{output}");
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
