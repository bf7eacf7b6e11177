using System.Diagnostics;

namespace Timeline.Api.Infrastructure.LocalPostgres;

/// <summary>Finds the PostgreSQL server binaries installed on this machine.</summary>
public static class PostgresBinaries
{
    public const string BinEnvironmentVariable = "TIMELINE_PG_BIN";

    /// <summary>
    /// The directory holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>. A directory named by
    /// configuration or <c>TIMELINE_PG_BIN</c> is the only one considered; otherwise the first found of
    /// <c>pg_config --bindir</c>, the newest <c>/usr/lib/postgresql/*/bin</c>, then PATH.
    /// </summary>
    public static string Locate(string? configured)
    {
        var named = !string.IsNullOrWhiteSpace(configured)
            ? configured
            : Environment.GetEnvironmentVariable(BinEnvironmentVariable);
        return Locate(string.IsNullOrWhiteSpace(named) ? Discovered() : [Path.GetFullPath(named)]);
    }

    public static string Locate(IEnumerable<string> candidates)
    {
        var searched = new List<string>();
        foreach (var candidate in candidates)
        {
            searched.Add(candidate);
            if (IsServerBinDirectory(candidate))
            {
                return candidate;
            }
        }

        throw new PostgresNotInstalledException(
            searched.Count == 0 ? "nowhere" : string.Join(", ", searched.Distinct(StringComparer.Ordinal)));
    }

    private static IEnumerable<string> Discovered()
    {
        if (PgConfigBinDirectory() is { } fromPgConfig)
        {
            yield return fromPgConfig;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var versions = Directory.GetDirectories(debianRoot)
                .Select(path => (Path: path, Version: int.TryParse(Path.GetFileName(path), out var v) ? v : -1))
                .OrderByDescending(v => v.Version);
            foreach (var version in versions)
            {
                yield return Path.Combine(version.Path, "bin");
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return directory;
        }
    }

    private static bool IsServerBinDirectory(string directory) =>
        new[] { "initdb", "pg_ctl", "postgres" }.All(tool => File.Exists(Path.Combine(directory, Executable(tool))));

    private static string Executable(string tool) => OperatingSystem.IsWindows() ? tool + ".exe" : tool;

    private static string? PgConfigBinDirectory()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            return process.WaitForExit(5_000) && process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
