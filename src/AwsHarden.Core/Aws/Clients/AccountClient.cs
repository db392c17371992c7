using System.Text.Json.Nodes;
using AwsHarden.Model;

namespace AwsHarden.Aws.Clients;

/// <summary>AWS Account Management (REST-JSON, global).</summary>
public sealed class AccountClient(AwsSession session)
{
    public static IReadOnlyList<string> ContactTypes { get; } = ["BILLING", "OPERATIONS", "SECURITY"];

    /// <summary>One alternate contact; <c>IsSet</c> is false when AWS answers ResourceNotFoundException.</summary>
    public async Task<AlternateContact> GetAlternateContactAsync(string type, CancellationToken ct)
    {
        try
        {
            var body = await AwsRestJsonProtocol.CallAsync(session.Sender, AwsService.Account, session.HomeRegion,
                "GetAlternateContact", HttpMethod.Post, "/getAlternateContact", null,
                new JsonObject { ["AlternateContactType"] = type }, ct).ConfigureAwait(false);
            var contact = body.Object("AlternateContact");
            return new AlternateContact(type, IsSet: true, contact?.String("Name"), contact?.String("EmailAddress"));
        }
        catch (AwsServiceException ex) when (ex.Code == "ResourceNotFoundException")
        {
            return new AlternateContact(type, IsSet: false);
        }
    }
}
