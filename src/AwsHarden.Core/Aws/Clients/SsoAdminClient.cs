using System.Text.Json.Nodes;

namespace AwsHarden.Aws.Clients;

/// <summary>IAM Identity Center administration (JSON 1.1, regional).</summary>
public sealed class SsoAdminClient(AwsSession session)
{
    private const string TargetPrefix = "SWBExternalService";

    /// <summary>The Identity Center instance ARNs visible in one region.</summary>
    public Task<List<string>> ListInstancesAsync(string region, CancellationToken ct) =>
        AwsPaging.CollectAsync<string>(async token =>
        {
            var input = new JsonObject();
            if (token is not null)
            {
                input["NextToken"] = token;
            }

            var body = await AwsJsonProtocol.CallAsync(session.Sender, AwsService.SsoAdmin, region, TargetPrefix,
                "ListInstances", input, ct).ConfigureAwait(false);
            var arns = body.Array("Instances").Select(i => i.String("InstanceArn")).OfType<string>();
            return (arns.ToList(), body.String("NextToken"));
        });
}
