using System.Text.Json.Nodes;
using AwsHarden.FakeAws.Protocol;

namespace AwsHarden.FakeAws.Services;

/// <summary>IAM Identity Center admin API (JSON 1.1, signing name sso): instances in the request's region.</summary>
internal sealed class SsoAdminService : FakeService
{
    public SsoAdminService() => On("ListInstances", r => new JsonResult(JsonPaging.Page(r,
        [.. r.Account.SsoInstances.Where(i => i.Region == r.Region)], "Instances", i => new JsonObject
        {
            ["InstanceArn"] = i.InstanceArn,
            ["IdentityStoreId"] = i.IdentityStoreId,
            ["OwnerAccountId"] = r.Account.AccountId,
            ["Status"] = "ACTIVE",
        }, defaultMax: 10)));

    public override string SigningName => "sso";
}
