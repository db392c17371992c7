using System.Text.Json.Nodes;
using AwsHarden.FakeAws.Protocol;

namespace AwsHarden.FakeAws.Services;

/// <summary>AWS Support (JSON 1.1): Trusted Advisor, answered only for a Business (or higher) support plan.</summary>
internal sealed class SupportService : FakeService
{
    public SupportService()
    {
        On("DescribeTrustedAdvisorChecks", DescribeChecks);
        On("DescribeTrustedAdvisorCheckSummaries", DescribeSummaries);
    }

    public override string SigningName => "support";

    private static FakeResult DescribeChecks(FakeRequest r)
    {
        RequireSubscription(r);
        r.RequireJson("language");
        return new JsonResult(new JsonObject
        {
            ["checks"] = new JsonArray([.. r.Account.Support.Checks.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["name"] = c.Name,
                ["description"] = c.Description,
                ["category"] = c.Category,
                ["metadata"] = new JsonArray(),
            })]),
        });
    }

    private static FakeResult DescribeSummaries(FakeRequest r)
    {
        RequireSubscription(r);
        var ids = r.Body["checkIds"]?.AsArray().Select(i => i!.GetValue<string>()).ToHashSet() ?? [];
        var now = WireFormat.Iso(r.Time.GetUtcNow());
        var summaries = r.Account.Support.Checks.Where(c => ids.Contains(c.Id)).Select(c => (JsonNode)new JsonObject
        {
            ["checkId"] = c.Id,
            ["timestamp"] = now,
            ["status"] = c.Status,
            ["hasFlaggedResources"] = c.ResourcesFlagged > 0,
            ["resourcesSummary"] = new JsonObject
            {
                ["resourcesProcessed"] = c.ResourcesProcessed,
                ["resourcesFlagged"] = c.ResourcesFlagged,
                ["resourcesIgnored"] = 0,
                ["resourcesSuppressed"] = 0,
            },
            ["categorySpecificSummary"] = new JsonObject(),
        });
        return new JsonResult(new JsonObject { ["summaries"] = new JsonArray([.. summaries]) });
    }

    private static void RequireSubscription(FakeRequest r)
    {
        if (!r.Account.Support.HasBusinessSupport)
        {
            throw new AwsErrorException("SubscriptionRequiredException",
                "AWS Premium Support Subscription is required to use this service.");
        }
    }
}
