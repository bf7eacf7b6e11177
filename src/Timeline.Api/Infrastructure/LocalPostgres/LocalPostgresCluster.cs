using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Timeline.Api.Infrastructure.LocalPostgres;

/// <summary>
/// A private PostgreSQL cluster run from the server binaries installed on this machine: created with
/// <c>initdb</c> on first use, started with <c>pg_ctl</c> on a loopback port, and stopped again on
/// dispose. A second start over the same data directory reuses the data. When the process runs as
/// root the server runs as the <c>postgres</c> system user, because PostgreSQL refuses to run as root.
/// </summary>
public sealed partial class LocalPostgresCluster : IAsyncDisposable
{
    private const string SuperUser = "timeline";
    private const string ServiceAccount = "postgres";

    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private readonly string _password;
    private readonly bool _runAsServiceAccount;
    private readonly bool _ephemeral;
    private readonly ILogger _logger;
    private int _disposed;

    private LocalPostgresCluster(
        string binDirectory, string dataDirectory, string password, int port, bool runAsServiceAccount, bool ephemeral, ILogger logger)
    {
        _binDirectory = binDirectory;
        _dataDirectory = dataDirectory;
        _password = password;
        Port = port;
        _runAsServiceAccount = runAsServiceAccount;
        _ephemeral = ephemeral;
        _logger = logger;
    }

    public int Port { get; }

    public string DataDirectory => _dataDirectory;

    public static async Task<LocalPostgresCluster> StartAsync(
        LocalPostgresOptions options, ILogger logger, CancellationToken ct = default)
    {
        var binDirectory = PostgresBinaries.Locate(options.BinDirectory);
        var runAsServiceAccount = OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess;
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        if (runAsServiceAccount)
        {
            dataDirectory = await PrepareForServiceAccountAsync(dataDirectory, logger, ct);
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
        }

        var password = ReadOrCreatePassword(dataDirectory);
        var cluster = new LocalPostgresCluster(
            binDirectory, dataDirectory, password, options.Port ?? FreeLoopbackPort(), runAsServiceAccount, options.Ephemeral, logger);

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await cluster.InitialiseAsync(ct);
        }

        var running = cluster.RunningPort();
        if (running is { } port)
        {
            var adopted = new LocalPostgresCluster(
                binDirectory, dataDirectory, password, port, runAsServiceAccount, options.Ephemeral, logger);
            logger.LogInformation(
                "PostgreSQL is already running from {DataDirectory} on port {Port}; reusing it", dataDirectory, port);
            await adopted.WaitUntilReadyAsync(options.StartTimeout, ct);
            return adopted;
        }

        await cluster.StartServerAsync(options.StartTimeout, ct);
        return cluster;
    }

    /// <summary>A connection string for <paramref name="database"/> on this cluster, as its superuser.</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = _password,
        Database = database,
    }.ConnectionString;

    /// <summary>Creates <paramref name="database"/> unless it exists; returns its connection string.</summary>
    public async Task<string> EnsureDatabaseAsync(string database, CancellationToken ct = default)
    {
        if (!DatabaseName().IsMatch(database))
        {
            throw new ArgumentException($"'{database}' is not a plain database name.", nameof(database));
        }

        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = database } },
        };
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            try
            {
                await using var create = new NpgsqlCommand($"create database \"{database}\"", connection);
                await create.ExecuteNonQueryAsync(ct);
                _logger.LogInformation("Created database {Database}", database);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Created concurrently by another process: what we wanted.
            }
        }

        return ConnectionString(database);
    }

    public async Task StopAsync(CancellationToken ct = default)
    {
        NpgsqlConnection.ClearAllPools();
        var (exitCode, output) = await RunAsync(
            "pg_ctl", ["stop", "-D", _dataDirectory, "-m", "fast", "-w", "-t", "60"], ct);
        if (exitCode != 0 && RunningPort() is not null)
        {
            _logger.LogWarning("pg_ctl stop exited with {ExitCode}: {Output}", exitCode, output);
        }
        else
        {
            _logger.LogInformation("Stopped PostgreSQL in {DataDirectory}", _dataDirectory);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync();
        if (_ephemeral)
        {
            TryDelete(_dataDirectory);
            TryDelete(PasswordFile(_dataDirectory));
        }
    }

    private async Task InitialiseAsync(CancellationToken ct)
    {
        _logger.LogInformation("Creating a PostgreSQL cluster in {DataDirectory}", _dataDirectory);
        var passwordFile = Path.Combine(Path.GetTempPath(), $"timeline-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, _password, ct);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            if (_runAsServiceAccount)
            {
                await RunCheckedAsync("chown", [ServiceAccount, passwordFile], asServiceAccount: false, ct);
            }

            await RunCheckedAsync(
                "initdb",
                ["-D", _dataDirectory, "-U", SuperUser, "--pwfile", passwordFile, "--auth", "scram-sha-256",
                 "--encoding", "UTF8", "--no-locale", "--no-instructions"],
                asServiceAccount: _runAsServiceAccount,
                ct);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private async Task StartServerAsync(TimeSpan timeout, CancellationToken ct)
    {
        var settings = new List<string>
        {
            "-c listen_addresses=127.0.0.1",
            $"-c port={Port}",
            "-c unix_socket_directories=''",
            "-c max_connections=300",
        };
        if (_ephemeral)
        {
            settings.AddRange(["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]);
        }

        _logger.LogInformation(
            "Starting PostgreSQL from {BinDirectory} on 127.0.0.1:{Port} with data in {DataDirectory}",
            _binDirectory, Port, _dataDirectory);
        await RunCheckedAsync(
            "pg_ctl",
            ["start", "-D", _dataDirectory, "-w", "-t", ((int)timeout.TotalSeconds).ToString(),
             "-l", Path.Combine(_dataDirectory, "server.log"), "-o", string.Join(' ', settings)],
            asServiceAccount: _runAsServiceAccount,
            ct);
        await WaitUntilReadyAsync(timeout, ct);
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false;Timeout=5");
                await connection.OpenAsync(ct);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException && deadline.Elapsed < timeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }

    /// <summary>The port of the server running from this data directory, if one is.</summary>
    private int? RunningPort()
    {
        var pidFile = Path.Combine(_dataDirectory, "postmaster.pid");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(pidFile);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port))
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : port;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private async Task RunCheckedAsync(string tool, string[] arguments, bool asServiceAccount, CancellationToken ct)
    {
        var (exitCode, output) = await RunAsync(tool, arguments, ct, asServiceAccount);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{tool} {string.Join(' ', arguments)}` failed with exit code {exitCode}:{Environment.NewLine}{output}");
        }
    }

    private Task<(int ExitCode, string Output)> RunAsync(string tool, string[] arguments, CancellationToken ct) =>
        RunAsync(tool, arguments, ct, _runAsServiceAccount);

    private Task<(int ExitCode, string Output)> RunAsync(
        string tool, string[] arguments, CancellationToken ct, bool asServiceAccount)
    {
        var executable = tool is "chown" ? tool : Path.Combine(_binDirectory, tool);
        return asServiceAccount
            ? Run("runuser", ["-u", ServiceAccount, "--", executable, .. arguments], ct)
            : Run(executable, arguments, ct);
    }

    private static async Task<(int ExitCode, string Output)> Run(string fileName, string[] arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server inherits this directory; one the service account can read keeps it from complaining.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(ct);
        lock (output)
        {
            return (process.ExitCode, output.ToString().Trim());
        }
    }

    /// <summary>
    /// Makes <paramref name="dataDirectory"/> the service account's. When that account cannot reach it
    /// (a data directory under root's home, say), a directory under /var/tmp named after the requested
    /// path is used instead, so a second start still finds the same data.
    /// </summary>
    private static async Task<string> PrepareForServiceAccountAsync(string dataDirectory, ILogger logger, CancellationToken ct)
    {
        if (await Run("id", ["-u", ServiceAccount], ct) is not (0, _))
        {
            throw new InvalidOperationException(
                $"Timeline runs as root, and PostgreSQL refuses to: it needs a '{ServiceAccount}' system user to run " +
                "the server as (installing the postgresql package creates one), or set ConnectionStrings__Timeline.");
        }

        if (await TryGiveToServiceAccountAsync(dataDirectory, ct))
        {
            return dataDirectory;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..16];
        var fallback = Path.Combine("/var/tmp", $"timeline-{hash}", "pg");
        logger.LogWarning(
            "The '{Account}' user cannot reach {DataDirectory}; keeping PostgreSQL's data in {Fallback} instead",
            ServiceAccount, dataDirectory, fallback);
        if (!await TryGiveToServiceAccountAsync(fallback, ct))
        {
            throw new InvalidOperationException(
                $"Neither {dataDirectory} nor {fallback} can be made the '{ServiceAccount}' user's; set Timeline:LocalPostgres:DataDirectory.");
        }

        return fallback;
    }

    private static async Task<bool> TryGiveToServiceAccountAsync(string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (await Run("chown", ["-R", $"{ServiceAccount}:", directory], ct) is not (0, _))
        {
            return false;
        }

        return await Run("runuser", ["-u", ServiceAccount, "--", "test", "-w", directory, "-a", "-x", directory], ct) is (0, _);
    }

    private static string PasswordFile(string dataDirectory) => dataDirectory.TrimEnd(Path.DirectorySeparatorChar) + ".password";

    /// <summary>
    /// The superuser's password lives beside the data directory, readable only by the user running
    /// Timeline; a new one is generated with a new cluster.
    /// </summary>
    private static string ReadOrCreatePassword(string dataDirectory)
    {
        var file = PasswordFile(dataDirectory);
        var initialised = File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        if (initialised)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL cluster in {dataDirectory} exists but its password file {file} is missing. " +
                "Restore the file, or delete the directory to start from an empty store.");
        }

        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(file, password);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return password;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not delete {Path}", path);
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
