using System.Diagnostics;

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

    [Fact]
    public void the_image_runs_as_a_non_root_user_with_pregenerated_code()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "deploy", "Dockerfile"));
        dockerfile.ShouldContain("USER $APP_UID");
        dockerfile.ShouldContain("codegen write");
        dockerfile.ShouldContain("Timeline__PregeneratedCode=true");
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Any(directory => File.Exists(Path.Combine(directory, tool)));
}
