using System.Globalization;
using System.Text.RegularExpressions;

namespace AwsHarden.Aws.Clients;

/// <summary>One function as ListFunctions describes it. Lambda reports no creation time, only
/// <see cref="LastModified"/> (the last change of code or configuration).</summary>
public sealed record LambdaFunction(string FunctionName, string FunctionArn, string? Runtime, string? Role,
    DateTimeOffset? LastModified);

/// <summary>Lambda (REST-JSON, API 2015-03-31, regional).</summary>
public sealed partial class LambdaClient(AwsSession session)
{
    private const string FunctionsPath = "/2015-03-31/functions/";

    /// <summary>Every function of the region (ListFunctions, Marker/MaxItems paging, 50 a page).</summary>
    public Task<List<LambdaFunction>> ListFunctionsAsync(string region, CancellationToken ct) =>
        AwsPaging.CollectAsync<LambdaFunction>(async marker =>
        {
            List<KeyValuePair<string, string>> query = [KeyValuePair.Create("MaxItems", "50")];
            if (marker is not null)
            {
                query.Add(KeyValuePair.Create("Marker", marker));
            }

            var body = await AwsRestJsonProtocol.CallAsync(session.Sender, AwsService.Lambda, region,
                "ListFunctions", HttpMethod.Get, FunctionsPath, query, null, ct).ConfigureAwait(false);
            var functions = body.Array("Functions").Select(f => new LambdaFunction(
                f.String("FunctionName") ?? "", f.String("FunctionArn") ?? "", f.String("Runtime"), f.String("Role"),
                ParseLastModified(f.String("LastModified"))));
            return (functions.ToList(), body.String("NextMarker"));
        });

    /// <summary>Lambda writes <c>2024-08-01T10:00:00.000+0000</c>: an offset without a colon, which
    /// <see cref="DateTimeOffset"/> does not read, so the colon is put in first.</summary>
    public static DateTimeOffset? ParseLastModified(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var iso = OffsetWithoutColon().Replace(text, "$1$2:$3");
        return DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
            out var time) ? time.ToUniversalTime() : null;
    }

    [GeneratedRegex(@"([+-])(\d{2})(\d{2})$")]
    private static partial Regex OffsetWithoutColon();
}
