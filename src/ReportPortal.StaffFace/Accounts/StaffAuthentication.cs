using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ReportPortal.Core.Staff;
using ReportPortal.Crypto;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Accounts;

/// <summary>Turns the request's server-side staff session into the user ASP.NET Core authorizes pages against.</summary>
public sealed class StaffSessionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, StaffSessions sessions, CurrentStaff current)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "staff-session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var resumed = await sessions.ResumeAsync(Context, StaffSession.SignedIn, Context.RequestAborted);
        if (resumed is null)
        {
            return AuthenticateResult.NoResult();
        }

        current.Resumed = resumed;
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, resumed.Member.Id.ToString()), new(ClaimTypes.Name, resumed.Member.DisplayName) };
        claims.AddRange(resumed.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Redirect(AccountPaths.SignIn);
        return Task.CompletedTask;
    }

    /// <summary>A page the member's roles do not cover answers 404: it does not even confirm the page exists for others.</summary>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}

/// <summary>
/// The seam's implementation: the signed-in member of this request, handed over by the authentication
/// handler within the request's own service scope (Blazor does not promise IHttpContextAccessor in components).
/// </summary>
public sealed class CurrentStaff : ICurrentStaff
{
    public Guid StaffMemberId => Resumed?.Member.Id ?? Guid.Empty;

    public Guid? ForceId => Resumed?.Member.ForceId;

    public bool IsInRole(string role) => Resumed?.Roles.Contains(role) == true;

    public KeyPair? UnlockPrivateKey() => Resumed?.UnlockPrivateKey();

    public ResumedStaffSession? Resumed { get; internal set; }
}

public static class AccountPaths
{
    public const string SignIn = "/staff/sign-in";
    public const string Code = "/staff/sign-in/code";
    public const string SignOut = "/staff/sign-out";
    public const string Account = "/staff/account";
}

public static class AccountsSetup
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<StaffSessionOptions>().BindConfiguration(StaffSessionOptions.Section);
        services.AddScoped<StaffSessions>();
        services.AddScoped<StaffSignIn>();
        services.AddScoped<EmailFrequency>();
        services.AddScoped<CurrentStaff>();
        services.AddScoped<ICurrentStaff>(provider => provider.GetRequiredService<CurrentStaff>());
        services.AddSingleton<IPasswordHasher<StaffMember>, PasswordHasher<StaffMember>>();
        services.AddAuthentication(StaffSessionHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, StaffSessionHandler>(StaffSessionHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>Sign-out is a plain antiforgery-checked post from the header on any page.</summary>
    public static WebApplication MapAccounts(this WebApplication app)
    {
        app.MapPost(AccountPaths.SignOut, async (HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, StaffSessions sessions, CurrentStaff current, ReportPortal.Core.Audit.AuditLog audit) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.StatusCode(StatusCodes.Status400BadRequest);
            }

            var resumed = await sessions.ResumeAsync(context, StaffSession.SignedIn, context.RequestAborted);
            await sessions.EndAsync(context, context.RequestAborted);
            if (resumed is not null)
            {
                await audit.AppendAsync(ReportPortal.Core.Audit.AuditActions.SignOut, resumed.Member.Id, null, null, context.RequestAborted);
            }

            return Results.Redirect(AccountPaths.SignIn + "?signed-out=1");
        }).DisableAntiforgery();
        return app;
    }
}
