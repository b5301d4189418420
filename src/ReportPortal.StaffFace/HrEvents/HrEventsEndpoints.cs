using System.Net.Http.Headers;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.HrEvents;

namespace ReportPortal.StaffFace.HrEvents;

/// <summary>A batch as sent (for the API description; the body itself is read by <see cref="HrEventBatch"/>, which names every problem).</summary>
public sealed record HrEventBatchDocument(IReadOnlyList<HrEventDocument> Events);

/// <summary>One HR event as sent. <c>type</c> is one of <see cref="HrEventTypes.All"/>; <c>occurredOn</c> is yyyy-mm-dd.</summary>
public sealed record HrEventDocument(string IdempotencyKey, string ForceCode, string StaffNumber, string Type, DateOnly OccurredOn);

/// <summary>The answer to a batch taken: per event, accepted or duplicate (a replay of a key already taken). Never whether it matched anyone.</summary>
public sealed record HrEventBatchAnswer(int Received, int Accepted, int Duplicates, IReadOnlyList<HrEventOutcome> Events);

/// <summary>The answer to a batch that passed every check at the validate address; nothing was taken.</summary>
public sealed record HrEventValidationAnswer(int Received, bool Valid);

public static class HrEventsEndpoints
{
    public static IEndpointRouteBuilder MapHrEvents(this IEndpointRouteBuilder app)
    {
        app.MapPost(HrEventsPaths.Events, PostEventsAsync)
            .WithName("PostHrEvents")
            .WithSummary("Send a batch of HR events for the retaliation watch")
            .WithDescription("Needs a key with the scope hr-events:write. Every event is checked first; if any is wrong nothing is applied " +
                "and the problem document names each wrong event and field. Otherwise every event is taken in one transaction. " +
                $"At most {HrEventBatch.MaxEvents} events and {HrEventBatch.MaxBytes} bytes per batch.")
            .Accepts<HrEventBatchDocument>("application/json")
            .Produces<HrEventBatchAnswer>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapPost(HrEventsPaths.Validate, ValidateAsync)
            .WithName("ValidateHrEvents")
            .WithSummary("Check a batch of HR events without sending it")
            .WithDescription("Needs a key with the scope hr-events:validate. The same checks as sending; nothing is matched, stored or replayed.")
            .Accepts<HrEventBatchDocument>("application/json")
            .Produces<HrEventValidationAnswer>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        app.MapOpenApi(HrEventsPaths.OpenApiDocument);
        return app;
    }

    private static async Task<IResult> PostEventsAsync(HttpContext context, ApiKeyCheck keys, HrWatch watch, TimeProvider time, ILogger<HrWatch> logger)
    {
        var cancellationToken = context.RequestAborted;
        var (caller, refusal) = await keys.CheckAsync(context.Request, HrApiScopes.WriteEvents, cancellationToken);
        if (caller is null)
        {
            return refusal!;
        }

        var (reading, problem) = await ReadBatchAsync(context.Request, caller.ForceCode, time, cancellationToken);
        if (reading is null)
        {
            return problem!;
        }

        IReadOnlyList<HrEventOutcome> outcomes;
        try
        {
            outcomes = await watch.ApplyAsync(caller.Client, caller.ForceCode, reading.Events, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception type only: a database message could carry a value from the batch.
            logger.LogError("An HR events batch was not applied ({ExceptionType}); the sender may send it again.", e.GetType().Name);
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, ApiProblems.NotApplied, "The batch was not applied",
                "Nothing of this batch was applied. Send it again later, with the same idempotency keys.");
        }

        var accepted = outcomes.Count(o => o.Status == HrEventStatus.Accepted);
        return TypedResults.Ok(new HrEventBatchAnswer(outcomes.Count, accepted, outcomes.Count - accepted, outcomes));
    }

    private static async Task<IResult> ValidateAsync(HttpContext context, ApiKeyCheck keys, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var (caller, refusal) = await keys.CheckAsync(context.Request, HrApiScopes.ValidateEvents, cancellationToken);
        if (caller is null)
        {
            return refusal!;
        }

        var (reading, problem) = await ReadBatchAsync(context.Request, caller.ForceCode, time, cancellationToken);
        return reading is null ? problem! : TypedResults.Ok(new HrEventValidationAnswer(reading.Count, Valid: true));
    }

    /// <summary>The batch, read within the size limits and checked event by event; or the problem document that says why not.</summary>
    private static async Task<(HrEventBatchReading? Reading, IResult? Problem)> ReadBatchAsync(HttpRequest request, string forceCode, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || mediaType.MediaType != "application/json"
            || mediaType.CharSet is not (null or "utf-8" or "UTF-8"))
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, ApiProblems.UnsupportedMediaType, "Send JSON",
                "Send the batch as application/json in UTF-8."));
        }

        var tooLarge = ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, ApiProblems.BatchTooLarge, "The batch is too large",
            $"A batch may be at most {HrEventBatch.MaxBytes} bytes. Send the events in several batches.");
        if (request.ContentLength > HrEventBatch.MaxBytes)
        {
            return (null, tooLarge);
        }

        var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > HrEventBatch.MaxBytes)
            {
                return (null, tooLarge);
            }

            body.Write(buffer, 0, read);
        }

        var reading = HrEventBatch.Read(body.GetBuffer().AsMemory(0, (int)body.Length), forceCode, UkCalendar.Today(time));
        if (reading.Unreadable is { } reason)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiProblems.UnreadableBatch, "The batch cannot be read", reason + " Nothing was applied."));
        }

        if (reading.TooMany)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, ApiProblems.TooManyEvents, "Too many events",
                $"The batch has {reading.Count} events; at most {HrEventBatch.MaxEvents} are taken at once. Nothing was applied: send them in several batches."));
        }

        if (reading.Problems.Count > 0)
        {
            var events = reading.Problems.Select(p => p.Index).Distinct().Count();
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiProblems.InvalidEvents, "Some events are not valid",
                $"{events} of the {reading.Count} events are not valid, so nothing of this batch was applied. Each problem below names the event (by its index from 0) and the field.",
                new Dictionary<string, object?> { ["errors"] = reading.Problems }));
        }

        return (reading, null);
    }
}

public static class HrEventsSetup
{
    public static IServiceCollection AddHrEvents(this IServiceCollection services)
    {
        services.AddScoped<ApiKeyCheck>();
        services.AddScoped<HrWatch>();
        services.AddScoped<HrApiKeys>();
        services.AddOpenApi("v1", options =>
        {
            // The API only: the staff pages and their form posts are not part of it.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "ReportPortal internal API";
                document.Info.Version = "v1";
                document.Info.Description = "HR events for the retaliation watch (docs/hr-events.md). Authenticate with an API key made by an " +
                    "administrator: Authorization: Bearer rphr_…. Every refusal is a problem document (RFC 9457).";
                return Task.CompletedTask;
            });
        });
        return services;
    }
}
