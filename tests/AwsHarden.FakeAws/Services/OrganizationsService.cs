using System.Text.Json.Nodes;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws.Services;

/// <summary>
/// AWS Organizations (JSON 1.1). A standalone account gets AWSOrganizationsNotInUseException; a member account
/// may describe its organization but only the management account may list roots, parents and policies.
/// </summary>
internal sealed class OrganizationsService : FakeService
{
    private const string ScpType = "SERVICE_CONTROL_POLICY";

    public OrganizationsService()
    {
        On("DescribeOrganization", DescribeOrganization);
        On("ListRoots", ListRoots);
        On("ListParents", ListParents);
        On("ListPoliciesForTarget", ListPoliciesForTarget);
        On("DescribePolicy", DescribePolicy);
        On("EnablePolicyType", EnablePolicyType);
        On("CreatePolicy", CreatePolicy);
        On("AttachPolicy", AttachPolicy);
        On("DetachPolicy", DetachPolicy);
        On("DeletePolicy", DeletePolicy);
        On("ListPolicies", ListPolicies);
        On("DisablePolicyType", DisablePolicyType);
        On("CreateOrganization", CreateOrganization);
        On("DeleteOrganization", DeleteOrganization);
    }

    public override string SigningName => "organizations";

    private static FakeResult DescribeOrganization(FakeRequest r)
    {
        var org = Organization(r);
        return new JsonResult(new JsonObject
        {
            ["Organization"] = new JsonObject
            {
                ["Id"] = org.Id,
                ["Arn"] = org.Arn,
                ["FeatureSet"] = org.FeatureSet,
                ["MasterAccountArn"] = $"arn:aws:organizations::{org.ManagementAccountId}:account/{org.Id}/" +
                    org.ManagementAccountId,
                ["MasterAccountId"] = org.ManagementAccountId,
                ["MasterAccountEmail"] = org.ManagementAccountEmail,
                ["AvailablePolicyTypes"] = PolicyTypes(org),
            },
        });
    }

    private static FakeResult ListRoots(FakeRequest r)
    {
        var org = ManagedOrganization(r);
        return new JsonResult(JsonPaging.Page(r, [org], "Roots", Root));
    }

    private static FakeResult ListParents(FakeRequest r)
    {
        var org = ManagedOrganization(r);
        var child = r.RequireJson("ChildId");
        var parent = org.Parents.GetValueOrDefault(child) ?? throw new AwsErrorException("ChildNotFoundException",
            "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
        return new JsonResult(JsonPaging.Page(r, [parent], "Parents", p => new JsonObject
        {
            ["Id"] = p,
            ["Type"] = p == org.RootId ? "ROOT" : "ORGANIZATIONAL_UNIT",
        }));
    }

    private static FakeResult ListPoliciesForTarget(FakeRequest r)
    {
        var org = ManagedOrganization(r);
        var target = r.RequireJson("TargetId");
        var filter = r.RequireJson("Filter");
        if (target != org.RootId && !org.Parents.ContainsKey(target))
        {
            throw new AwsErrorException("TargetNotFoundException", "We can't find a root, OU, account, or " +
                "policy with the TargetId that you specified.");
        }

        var ids = org.Attachments.GetValueOrDefault(target) ?? [];
        var policies = filter == ScpType ? org.Policies.Where(p => ids.Contains(p.Id)).ToList() : [];
        return new JsonResult(JsonPaging.Page(r, policies, "Policies", p => Summary(org, p)));
    }

    private static FakeResult DescribePolicy(FakeRequest r)
    {
        var org = ManagedOrganization(r);
        var policy = FindPolicy(org, r.RequireJson("PolicyId"));
        return new JsonResult(new JsonObject { ["Policy"] = Policy(org, policy) });
    }

    private static FakeResult EnablePolicyType(FakeRequest r)
    {
        var org = ManagedOrganization(r);
        if (r.RequireJson("PolicyType") != ScpType)
        {
            throw new AwsErrorException("PolicyTypeNotAvailableForOrganizationException",
                "The fake only serves service control policies.");
        }

        if (org.ScpEnabled)
        {
            throw new AwsErrorException("PolicyTypeAlreadyEnabledException",
                "The specified policy type is already enabled.");
        }

        org.ScpEnabled = true;
        if (!org.Policies.Exists(p => p.Id == FakeScp.FullAwsAccessId))
        {
            org.Policies.Add(FakeScp.FullAwsAccess);
        }

        foreach (var target in org.Parents.Keys.Append(org.RootId).ToList())
        {
            org.Attach(FakeScp.FullAwsAccessId, target);
        }

        return new JsonResult(new JsonObject { ["Root"] = Root(org) });
    }

    private static FakeResult CreatePolicy(FakeRequest r)
    {
        var org = ManagedOrganization(r);
        var policy = new FakeScp("p-" + FakeIds.Hex(Guid.NewGuid().ToString(), 8), r.RequireJson("Name"),
            r.RequireJson("Content"), r.Json("Description") ?? string.Empty);
        org.Policies.Add(policy);
        return new JsonResult(new JsonObject { ["Policy"] = Policy(org, policy) });
    }

    private static FakeResult AttachPolicy(FakeRequest r)
    {
        var org = ManagedOrganization(r);
        var policy = FindPolicy(org, r.RequireJson("PolicyId"));
        var target = r.RequireJson("TargetId");
        if (org.Attachments.GetValueOrDefault(target)?.Contains(policy.Id) == true)
        {
            throw new AwsErrorException("DuplicatePolicyAttachmentException",
                "A policy with the same name is already attached to the target.");
        }

        org.Attach(policy.Id, target);
        return new JsonResult([]);
    }

    private static FakeResult DetachPolicy(FakeRequest r)
    {
        var org = ManagedOrganization(r);
        var policy = FindPolicy(org, r.RequireJson("PolicyId"));
        var target = r.RequireJson("TargetId");
        if (org.Attachments.GetValueOrDefault(target)?.Remove(policy.Id) != true)
        {
            throw new AwsErrorException("PolicyNotAttachedException",
                "The policy isn't attached to the specified target in the specified root.");
        }

        return new JsonResult([]);
    }

    private static FakeResult DeletePolicy(FakeRequest r)
    {
        var org = ManagedOrganization(r);
        var policy = FindPolicy(org, r.RequireJson("PolicyId"));
        if (org.Attachments.Values.Any(ids => ids.Contains(policy.Id)))
        {
            throw new AwsErrorException("PolicyInUseException",
                "The policy is attached to one or more entities. You must detach it from all roots, OUs, and " +
                "accounts before performing this operation.");
        }

        org.Policies.Remove(policy);
        return new JsonResult([]);
    }

    private static FakeResult ListPolicies(FakeRequest r)
    {
        var org = ManagedOrganization(r);
        var policies = r.RequireJson("Filter") == ScpType ? org.Policies : [];
        return new JsonResult(JsonPaging.Page(r, policies, "Policies", p => Summary(org, p)));
    }

    // Disabling the type detaches every SCP, FullAWSAccess included, as in Organizations.
    private static FakeResult DisablePolicyType(FakeRequest r)
    {
        var org = ManagedOrganization(r);
        if (!org.ScpEnabled)
        {
            throw new AwsErrorException("PolicyTypeNotEnabledException",
                "This operation can be performed only for enabled policy types.");
        }

        org.ScpEnabled = false;
        org.Attachments.Clear();
        return new JsonResult(new JsonObject { ["Root"] = Root(org) });
    }

    private static FakeResult CreateOrganization(FakeRequest r)
    {
        if (r.Account.Organization is not null)
        {
            throw new AwsErrorException("AlreadyInOrganizationException",
                "The provided account is already a member of an organization.");
        }

        var seed = r.Account.AccountId + r.Time.GetUtcNow().Ticks;
        var org = new FakeOrganization
        {
            Id = "o-" + FakeIds.Hex(seed, 10),
            ManagementAccountId = r.Account.AccountId,
            RootId = "r-" + FakeIds.Hex(seed, 4),
            FeatureSet = r.Json("FeatureSet") ?? "ALL",
        };
        org.Parents[r.Account.AccountId] = org.RootId;
        r.Account.Organization = org;
        return DescribeOrganization(r);
    }

    private static FakeResult DeleteOrganization(FakeRequest r)
    {
        var org = ManagedOrganization(r);
        if (org.Parents.Keys.Any(k => k != r.Account.AccountId && !k.StartsWith("ou-", StringComparison.Ordinal)))
        {
            throw new AwsErrorException("OrganizationNotEmptyException",
                "To delete an organization you must first remove all member accounts (except the master).");
        }

        r.Account.Organization = null;
        return new JsonResult([]);
    }

    private static FakeOrganization Organization(FakeRequest r) => r.Account.Organization
        ?? throw new AwsErrorException("AWSOrganizationsNotInUseException",
            "Your account is not a member of an organization.");

    private static FakeOrganization ManagedOrganization(FakeRequest r)
    {
        var org = Organization(r);
        if (org.ManagementAccountId != r.Account.AccountId && !org.MemberIsDelegatedAdministrator)
        {
            throw new AwsErrorException("AccessDeniedException",
                "You don't have permissions to access this resource.");
        }

        return org;
    }

    private static FakeScp FindPolicy(FakeOrganization org, string id) => org.Policies.Find(p => p.Id == id)
        ?? throw new AwsErrorException("PolicyNotFoundException",
            "We can't find a policy with the PolicyId that you specified.");

    private static JsonObject Root(FakeOrganization org) => new()
    {
        ["Id"] = org.RootId,
        ["Arn"] = $"arn:aws:organizations::{org.ManagementAccountId}:root/{org.Id}/{org.RootId}",
        ["Name"] = "Root",
        ["PolicyTypes"] = PolicyTypes(org),
    };

    private static JsonArray PolicyTypes(FakeOrganization org) => org.ScpEnabled
        ? [new JsonObject { ["Type"] = ScpType, ["Status"] = "ENABLED" }]
        : [];

    private static JsonObject Summary(FakeOrganization org, FakeScp p) => new()
    {
        ["Id"] = p.Id,
        ["Arn"] = org.PolicyArn(p),
        ["Name"] = p.Name,
        ["Description"] = p.Description,
        ["Type"] = ScpType,
        ["AwsManaged"] = p.AwsManaged,
    };

    private static JsonObject Policy(FakeOrganization org, FakeScp p) => new()
    {
        ["PolicySummary"] = Summary(org, p),
        ["Content"] = p.Content,
    };
}
