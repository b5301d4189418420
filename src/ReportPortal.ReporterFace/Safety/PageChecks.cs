using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Components;
using ReportPortal.Core.Safety;

namespace ReportPortal.ReporterFace.Safety;

/// <summary>
/// Refuses, with the friendly 400 page, what a page would otherwise refuse with the framework's own bare
/// answer or an exception. Runs after routing and antiforgery, before the page.
/// </summary>
public static class PageChecks
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<QueryParameter>> Parameters = new();

    public static WebApplication UsePageChecks(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            // The failed request's features are still there when its problem page is rendered.
            if (ErrorRequests.IsReExecuted(context))
            {
                await next(context);
                return;
            }

            var page = context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type;
            // A missing or stale token: the page would answer an empty 400 of its own.
            var forged = context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false };
            // A query value [SupplyParameterFromQuery] cannot parse (`/status?ended=x`) makes the framework
            // throw: a 500, and an error log quoting the value. Pages keep their typed parameters unchanged.
            if (forged || (page is not null && !AllParse(page, context.Request.Query)))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            await next(context);
        });
        return app;
    }

    private static bool AllParse(Type page, IQueryCollection query)
    {
        foreach (var parameter in Parameters.GetOrAdd(page, Find))
        {
            if (query.TryGetValue(parameter.Name, out var values) && !values.All(value => Parses(parameter, value)))
            {
                return false;
            }
        }

        return true;
    }

    private static List<QueryParameter> Find(Type page) =>
        page.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(property => (property, attribute: property.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
            .Where(found => found.attribute is not null)
            .Select(found => Describe(found.attribute!.Name ?? found.property.Name, found.property.PropertyType))
            .ToList();

    private static QueryParameter Describe(string name, Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        var underlying = Nullable.GetUnderlyingType(element);
        return new QueryParameter(name, underlying ?? element, underlying is not null);
    }

    /// <summary>The types the framework binds from a query, parsed as it does (invariant culture).</summary>
    private static bool Parses(QueryParameter parameter, string? value)
    {
        var type = parameter.ValueType;
        if (type == typeof(string))
        {
            return true;
        }

        // An empty value binds as null where null is allowed, and fails to parse where it is not.
        if (string.IsNullOrEmpty(value))
        {
            return parameter.Nullable;
        }

        var invariant = CultureInfo.InvariantCulture;
        return type switch
        {
            _ when type == typeof(bool) => bool.TryParse(value, out _),
            _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, invariant, out _),
            _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, invariant, out _),
            _ when type == typeof(double) => double.TryParse(value, NumberStyles.Float, invariant, out _),
            _ when type == typeof(float) => float.TryParse(value, NumberStyles.Float, invariant, out _),
            _ when type == typeof(decimal) => decimal.TryParse(value, NumberStyles.Number, invariant, out _),
            _ when type == typeof(Guid) => Guid.TryParse(value, out _),
            _ when type == typeof(DateTime) => DateTime.TryParse(value, invariant, DateTimeStyles.None, out _),
            _ when type == typeof(DateOnly) => DateOnly.TryParse(value, invariant, DateTimeStyles.None, out _),
            _ when type == typeof(TimeOnly) => TimeOnly.TryParse(value, invariant, DateTimeStyles.None, out _),
            // A type the framework cannot bind from a query fails at start-up, not per request.
            _ => true,
        };
    }

    private sealed record QueryParameter(string Name, Type ValueType, bool Nullable);
}
