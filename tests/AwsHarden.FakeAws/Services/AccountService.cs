using System.Net;
using System.Text.Json.Nodes;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws.Services;

/// <summary>Account Management (REST-JSON): the billing, operations and security alternate contacts.</summary>
internal sealed class AccountService : FakeService
{
    private static readonly string[] ContactTypes = ["BILLING", "OPERATIONS", "SECURITY"];

    public AccountService()
    {
        On("POST", "/getAlternateContact", "GetAlternateContact", GetAlternateContact);
        On("POST", "/putAlternateContact", "PutAlternateContact", PutAlternateContact);
        On("POST", "/deleteAlternateContact", "DeleteAlternateContact", DeleteAlternateContact);
    }

    public override string SigningName => "account";

    private static FakeResult GetAlternateContact(FakeRequest r)
    {
        var type = ContactType(r);
        var contact = r.Account.AlternateContacts.GetValueOrDefault(type) ?? throw NotFound();
        return new JsonResult(new JsonObject
        {
            ["AlternateContact"] = new JsonObject
            {
                ["AlternateContactType"] = contact.AlternateContactType,
                ["EmailAddress"] = contact.EmailAddress,
                ["Name"] = contact.Name,
                ["PhoneNumber"] = contact.PhoneNumber,
                ["Title"] = contact.Title,
            },
        });
    }

    private static FakeResult PutAlternateContact(FakeRequest r)
    {
        var type = ContactType(r);
        r.Account.AlternateContacts[type] = new FakeAlternateContact(type, r.RequireJson("Name"),
            r.RequireJson("Title"), r.RequireJson("EmailAddress"), r.RequireJson("PhoneNumber"));
        return new JsonResult([]);
    }

    private static FakeResult DeleteAlternateContact(FakeRequest r)
    {
        if (!r.Account.AlternateContacts.Remove(ContactType(r)))
        {
            throw NotFound();
        }

        return new JsonResult([]);
    }

    private static string ContactType(FakeRequest r)
    {
        var type = r.RequireJson("AlternateContactType");
        if (r.Json("AccountId") is { } other && other != r.Account.AccountId)
        {
            // TODO(fake): reading a member account's contacts from the management account is not modelled.
            throw new AwsErrorException("AccessDeniedException", "User is not authorized to access the account " +
                other, HttpStatusCode.Forbidden);
        }

        return ContactTypes.Contains(type) ? type : throw new AwsErrorException("ValidationException",
            "1 validation error detected: Value at 'alternateContactType' failed to satisfy constraint: Member " +
            "must satisfy enum value set: [SECURITY, OPERATIONS, BILLING]");
    }

    private static AwsErrorException NotFound() => new("ResourceNotFoundException",
        "No contact of the inputted alternate contact type found.", HttpStatusCode.NotFound);
}
