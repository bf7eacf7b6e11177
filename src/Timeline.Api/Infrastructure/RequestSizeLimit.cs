using Microsoft.AspNetCore.Http.Features;

namespace Timeline.Api.Infrastructure;

/// <summary>
/// Refuses bodies over <see cref="TimelineApp.MaxRequestBodyBytes"/> with 413 problem details: at once when
/// the declared length is too large, and as soon as a body sent without one (chunked) passes the limit.
/// A client is still sending when it is refused, and most clients only read the answer once they have
/// sent everything, so the rest of the body is read and dropped (up to <see cref="TimelineApp.MaxDrainedBodyBytes"/>
/// and <see cref="DrainTime"/>) before the answer goes out; otherwise the client sees a broken connection
/// instead of the 413. Only for a caller with a valid key: an anonymous sender of a huge body gets its 413
/// at once and the connection closes, so nobody can keep the node reading megabytes for ten seconds at a
/// time. This also covers hosts without Kestrel's limit (the in-memory test server).
/// </summary>
internal sealed class RequestSizeLimit(RequestDelegate next, IProblemDetailsService problems)
{
    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(10);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = TimelineApp.MaxDrainedBodyBytes;
        }

        if (context.Request.ContentLength > TimelineApp.MaxRequestBodyBytes)
        {
            await DrainOrCloseAsync(context, context.Request.Body);
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

        var body = context.Request.Body;
        context.Request.Body = new LimitedBody(body, TimelineApp.MaxRequestBodyBytes);
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await DrainOrCloseAsync(context, body);
            throw;
        }
        finally
        {
            context.Request.Body = body;
        }
    }

    /// <summary>Drains the rest of a refused body for a caller with a valid key; closes the connection after the answer for anyone else.</summary>
    private static Task DrainOrCloseAsync(HttpContext context, Stream body)
    {
        if (context.User.Identity?.IsAuthenticated is true)
        {
            return DrainAsync(body);
        }

        context.Response.Headers.Connection = "close";
        return Task.CompletedTask;
    }

    /// <summary>Reads what is left of a refused body, within the drain limits; past them the connection is simply closed.</summary>
    private static async Task DrainAsync(Stream body)
    {
        using var timeout = new CancellationTokenSource(DrainTime);
        try
        {
            await body.CopyToAsync(Stream.Null, timeout.Token);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or OperationCanceledException)
        {
        }
    }

    /// <summary>A request body that fails with 413 once more than <paramref name="limit"/> bytes have been read from it.</summary>
    private sealed class LimitedBody(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), ct));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            Count(await inner.ReadAsync(buffer, ct));

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                throw new BadHttpRequestException(
                    $"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
