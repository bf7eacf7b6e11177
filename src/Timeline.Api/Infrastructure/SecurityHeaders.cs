namespace Timeline.Api.Infrastructure;

/// <summary>
/// Headers every response carries so a browser never guesses a content type (a JSON body holding
/// reporters' text must not run as a script), never frames the service and never leaks a URL to another
/// site. Added just before the response starts and only where absent, so a page that sets its own
/// policy (its Content-Security-Policy, a different framing rule) keeps it.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private static readonly (string Name, string Value)[] Defaults =
    [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cross-Origin-Resource-Policy", "same-site"),
    ];

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            foreach (var (name, value) in Defaults)
            {
                headers.TryAdd(name, value);
            }

            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
