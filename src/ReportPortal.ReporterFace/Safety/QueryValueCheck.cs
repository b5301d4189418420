using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;

namespace ReportPortal.ReporterFace.Safety;

/// <summary>
/// Checks query values before a page binds them with [SupplyParameterFromQuery]. The framework throws
/// when one does not parse (`/status?ended=x`), which would be a 500 and an error log quoting the value;
/// here it is the friendly 400 page and nothing is logged. Pages keep their typed parameters unchanged.
/// </summary>
public static class QueryValueCheck
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<QueryParameter>> Parameters = new();

    public static WebApplication UseQueryValueCheck(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var page = context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type;
            if (page is not null && !AllParse(page, context.Request.Query))
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
            if (query.TryGetValue(parameter.Name, out var values) && !values.All(value => Parses(parameter.ValueType, value)))
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
            .Select(found => new QueryParameter(found.attribute!.Name ?? found.property.Name, ElementType(found.property.PropertyType)))
            .ToList();

    private static Type ElementType(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        return Nullable.GetUnderlyingType(element) ?? element;
    }

    /// <summary>The types the framework binds from a query, parsed as it does (invariant culture).</summary>
    private static bool Parses(Type type, string? value)
    {
        if (string.IsNullOrEmpty(value) || type == typeof(string))
        {
            return true;
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

    private sealed record QueryParameter(string Name, Type ValueType);
}
