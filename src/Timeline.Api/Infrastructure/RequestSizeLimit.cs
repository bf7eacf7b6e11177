using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Timeline.Api.Infrastructure;

/// <summary>
/// Refuses bodies over <see cref="TimelineApp.MaxRequestBodyBytes"/> with 413 problem details before
/// anything reads them. Kestrel enforces the same limit on streamed bodies; this also covers hosts
/// without that feature (the in-memory test server).
/// </summary>
internal sealed class RequestSizeLimit(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = TimelineApp.MaxRequestBodyBytes;
        }

        if (context.Request.ContentLength > TimelineApp.MaxRequestBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Request body too large",
                    Detail = $"The request body is larger than {TimelineApp.MaxRequestBodyBytes} bytes; nothing was stored.",
                },
            });
            return;
        }

        await next(context);
    }
}
