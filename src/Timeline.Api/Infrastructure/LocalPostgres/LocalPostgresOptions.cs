namespace Timeline.Api.Infrastructure.LocalPostgres;

/// <summary>Settings for the private PostgreSQL cluster (<c>Timeline:LocalPostgres</c>).</summary>
public sealed class LocalPostgresOptions
{
    /// <summary>Where the cluster keeps its data; relative paths are resolved against the working directory.</summary>
    public string DataDirectory { get; set; } = ".timeline/pg";

    /// <summary>The loopback port to listen on; a free one is picked when not set.</summary>
    public int? Port { get; set; }

    /// <summary>Directory holding <c>initdb</c> and <c>pg_ctl</c>; discovered when not set.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>
    /// A throw-away cluster (tests): durability settings are relaxed for speed and the data
    /// directory is deleted when the cluster stops.
    /// </summary>
    public bool Ephemeral { get; set; }

    /// <summary>How long to wait for the server to accept connections.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(90);
}

/// <summary>No PostgreSQL server binaries were found and no connection string was configured.</summary>
public sealed class PostgresNotInstalledException(string searched) : Exception(
    "Timeline needs PostgreSQL and found neither a configured server nor PostgreSQL server binaries " +
    $"(looked in: {searched}). Either install PostgreSQL (for example `sudo apt-get install -y postgresql`) " +
    "and run again, or point Timeline at an existing server with " +
    "ConnectionStrings__Timeline=\"Host=...;Database=timeline;Username=...;Password=...\".");
