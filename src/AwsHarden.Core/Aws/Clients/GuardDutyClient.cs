using AwsHarden.Model;

namespace AwsHarden.Aws.Clients;

/// <summary>GuardDuty (REST-JSON, regional).</summary>
public sealed class GuardDutyClient(AwsSession session)
{
    public Task<List<string>> ListDetectorsAsync(string region, CancellationToken ct) =>
        AwsPaging.CollectAsync<string>(async token =>
        {
            List<KeyValuePair<string, string>> query = [KeyValuePair.Create("maxResults", "50")];
            if (token is not null)
            {
                query.Add(KeyValuePair.Create("nextToken", token));
            }

            var body = await AwsRestJsonProtocol.CallAsync(session.Sender, AwsService.GuardDuty, region,
                "ListDetectors", HttpMethod.Get, "/detector", query, null, ct).ConfigureAwait(false);
            return (body.Array("detectorIds").Select(d => d.GetString()).OfType<string>().ToList(),
                body.String("nextToken"));
        });

    public async Task<GuardDutyDetector> GetDetectorAsync(string region, string detectorId, CancellationToken ct)
    {
        var body = await AwsRestJsonProtocol.CallAsync(session.Sender, AwsService.GuardDuty, region,
            "GetDetector", HttpMethod.Get, "/detector/" + SigV4Signer.UriEncode(detectorId), null, null, ct)
            .ConfigureAwait(false);
        return new GuardDutyDetector(detectorId, body.String("status") ?? "");
    }
}
