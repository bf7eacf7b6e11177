using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Timeline.Api.Infrastructure;

public static class Problems
{
    public static IResult Validation(ValidationErrors errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), detail: detail ?? "The request has invalid fields; nothing was stored.");

    public static IResult Validation(string field, string message) =>
        Validation(Single(field, message));

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict);

    private static ValidationErrors Single(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return errors;
    }

    public static IServiceCollection AddTimelineProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        });
        // After the default writer, which only answers clients that accept JSON: every other Accept
        // (a browser's text/html, an EventSource's text/event-stream) still gets problem details.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonForAnyAccept>();
        services.AddExceptionHandler<ExceptionToProblem>();
        return services;
    }
}

/// <summary>
/// Writes problem details as <c>application/problem+json</c> whatever the request's <c>Accept</c> says.
/// Without it a refusal of a client that accepts no JSON (no key, a body too large, rate limited) found no
/// writer and became a 500 with a stack trace in the log: an anonymous client could fill the log at will.
/// </summary>
internal sealed class ProblemJsonForAnyAccept(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(
            problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json", http.RequestAborted));
    }
}

/// <summary>
/// Turns what escapes an endpoint into problem details: the client's mistakes into 4xx, an
/// unreachable database into 503, and only the truly unexpected into a bare 500.
/// </summary>
internal sealed class ExceptionToProblem(IProblemDetailsService problems, ILogger<ExceptionToProblem> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = "The request body is larger than the limit; nothing was stored.",
            },
            BadHttpRequestException { InnerException: JsonException json } => BadJson(json),
            JsonException json => BadJson(json),
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Detail = bad.Message },
            SagaBusyException busy => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Saga busy",
                Detail = $"{busy.Message} Nothing was stored; retry shortly.",
                Extensions = { ["sagas"] = busy.Sagas },
            },
            _ when OutOfResources(exception) is { } state => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database out of resources",
                Detail = $"PostgreSQL could not store this (SQLSTATE {state}: out of disk space, of memory, or a failed disk); nothing was stored. Retry later.",
            },
            _ when IsUnavailable(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = "Timeline cannot reach its database right now; nothing was stored. Retry shortly.",
            },
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };

        if (problem is null)
        {
            return false;
        }

        if (problem.Status >= 500)
        {
            logger.LogWarning(exception, "Request {Path} failed: {Title}", context.Request.Path, problem.Title);
            context.Response.Headers.RetryAfter = "5";
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context, ProblemDetails = problem, Exception = exception,
        });
    }

    private static ProblemDetails BadJson(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "$" : json.Path.TrimStart('$', '.');
        return new ValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [json.Message.Split(" Path:", 2)[0]],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed JSON",
            Detail = "The request body is not valid JSON of the expected shape; nothing was stored.",
        };
    }

    /// <summary>
    /// The SQLSTATE when PostgreSQL refused for want of resources: a full disk (53100, "could not extend file"),
    /// memory (53200) or a disk that failed (58030). The transaction was rolled back, so the write can be sent
    /// again once an operator has made room.
    /// </summary>
    private static string? OutOfResources(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.DiskFull or PostgresErrorCodes.OutOfMemory or PostgresErrorCodes.IoError } postgres)
            {
                return postgres.SqlState;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the database could not be reached or answered too late: a refused or broken connection, a
    /// server shutting down or starting up, a full pool or a command timeout. Marten and Wolverine may wrap
    /// Npgsql's exception, so the whole chain is looked at.
    /// </summary>
    private static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.QueryCanceled;
                case NpgsqlException { IsTransient: true }:
                case NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or IOException }:
                case TimeoutException:
                case System.Net.Sockets.SocketException:
                    return true;
            }
        }

        return false;
    }
}
