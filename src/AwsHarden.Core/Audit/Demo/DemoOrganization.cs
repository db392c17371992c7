using AwsHarden.Model;

namespace AwsHarden.Audit.Demo;

/// <summary>The demo's organization: a member account under SCPs that restrict regions and instance types.</summary>
internal static class DemoOrganization
{
    private const string RegionGuardrail = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "DenyOutsideUsedRegions",
              "Effect": "Deny",
              "NotAction": ["iam:*", "organizations:*", "sts:*", "support:*", "budgets:*", "ce:*"],
              "Resource": "*",
              "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } }
            }
          ]
        }
        """;

    private const string InstanceTypeGuardrail = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "DenyUnusedInstanceTypes",
              "Effect": "Deny",
              "Action": "ec2:RunInstances",
              "Resource": "arn:aws:ec2:*:*:instance/*",
              "Condition": { "StringNotEquals": { "ec2:InstanceType": ["t3.micro", "t3.small", "t3.medium"] } }
            }
          ]
        }
        """;

    private const string FullAwsAccess = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}
        """;

    public static OrganizationData MemberWithGuardrails(string accountId) => new()
    {
        InOrganization = true,
        OrganizationId = "o-a1b2c3d4e5",
        ManagementAccountId = "999988887777",
        FeatureSet = "ALL",
        ScpEnabled = true,
        Policies =
        [
            new ServiceControlPolicy("p-FullAWSAccess", "FullAWSAccess", "r-ab12", FullAwsAccess, AwsManaged: true),
            new ServiceControlPolicy("p-9f8e7d6c", "deny-unused-regions", "ou-ab12-workload", RegionGuardrail, false),
            new ServiceControlPolicy("p-1a2b3c4d", "deny-large-instances", accountId, InstanceTypeGuardrail, false),
        ],
    };
}
