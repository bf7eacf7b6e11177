namespace Timeline.Api.Tests;

public sealed class the_deployment_files
{
    private static readonly string Root = ServiceProcessHandle.RepositoryRoot();

    [Fact]
    public async Task docker_compose_validates_with_two_replicas_a_collector_and_a_trace_viewer()
    {
        if (!OnPath("docker-compose"))
        {
            // .ci/run installs docker-compose and sets CI, so there this check always runs.
            Environment.GetEnvironmentVariable("CI").ShouldBeNull("docker-compose must be installed in CI");
            return;
        }

        var start = new ProcessStartInfo("docker-compose", ["-f", Path.Combine(Root, "docker-compose.yml"), "config"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        using var compose = Process.Start(start)!;
        var config = await compose.StandardOutput.ReadToEndAsync();
        var errors = await compose.StandardError.ReadToEndAsync();
        await compose.WaitForExitAsync();

        compose.ExitCode.ShouldBe(0, errors);
        foreach (var service in new[] { "postgres:", "timeline-1:", "timeline-2:", "gateway:", "otel-collector:", "jaeger:" })
        {
            config.ShouldContain(service);
        }

        config.ShouldContain("OTEL_EXPORTER_OTLP_ENDPOINT");
        config.ShouldContain("condition: service_healthy");
    }

    /// <summary>The build compiles Wolverine's generated handlers and endpoints into the service (Timeline.Api.csproj), the image's build too.</summary>
    [Fact]
    public void the_build_compiles_the_generated_code_into_the_service()
    {
        var generated = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace == "Internal.Generated.WolverineHandlers").Select(t => t.Name).ToList();
        generated.ShouldContain("POST_api_reports");
        generated.ShouldContain("GET_api_sagas_slug");
        generated.ShouldContain(name => name.StartsWith("DeliverWebhooksHandler", StringComparison.Ordinal));
    }

    [Fact]
    public void the_image_runs_as_a_non_root_user()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "deploy", "Dockerfile"));
        dockerfile.ShouldContain("USER $APP_UID");
        dockerfile.ShouldContain("RUN dotnet publish src/Timeline.Api/Timeline.Api.csproj");
        // The restore layer copies every project the service references, or the restore fails in the image.
        foreach (var project in ProjectsOf(Path.Combine(Root, "src", "Timeline.Api", "Timeline.Api.csproj")))
        {
            dockerfile.ShouldContain($"COPY src/{project}/{project}.csproj src/{project}/");
        }
    }

    /// <summary>The project and every project it references, directly or not, by name.</summary>
    private static IEnumerable<string> ProjectsOf(string csproj)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([Path.GetFullPath(csproj)]);
        while (queue.TryDequeue(out var path))
        {
            if (!seen.Add(Path.GetFileNameWithoutExtension(path)))
            {
                continue;
            }

            // An item definition (metadata for every reference) names no project.
            foreach (var reference in System.Xml.Linq.XDocument.Load(path).Descendants("ProjectReference").Where(r => r.Attribute("Include") is not null))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar);
                queue.Enqueue(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, include)));
            }
        }

        return seen;
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Any(directory => File.Exists(Path.Combine(directory, tool)));
}
