//! Salesforce's REST API errors, each explained with the fix (docs/salesforce.md#rest-errors).
//!
//! A REST error answer is a JSON list `[{"message", "errorCode", "fields"?}]` with an HTTP status (REST API
//! Developer Guide, "Status Codes and Error Responses",
//! https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm). The `errorCode`s are
//! the API's `StatusCode` and `ExceptionCode` values (SOAP API Developer Guide, "Core Data Types Used in API Calls",
//! https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm);
//! the catalogue below explains the ones a person trying a request meets, and any other by its HTTP status.

use crate::encoding::json::{Item, JsonDecoder, Scalar};
use core::fmt;
use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

/// One REST error, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestError {
    /// Salesforce's `errorCode` (`REQUIRED_FIELD_MISSING`), or `HTTP_<status>` when the body named none.
    pub code: String,
    /// Salesforce's own `message`, when it sent one.
    pub salesforce_message: Option<String>,
    /// The `fields` the error is about (`["Name"]`).
    pub fields: Vec<String>,
    /// What it means, in plain words.
    pub message: String,
    /// What to change.
    pub hint: String,
}

/// Error codes and what to do about them: (code, meaning, fix). `{fields}` is replaced by the fields named.
const CATALOGUE: &[(&str, &str, &str)] = &[
    (
        "INVALID_SESSION_ID",
        "The access token is expired, revoked, or not valid on this instance (a Lightning-domain session is \
         refused too).",
        "Click Refresh (or log in again) and resend the request.",
    ),
    (
        "REQUIRED_FIELD_MISSING",
        "Salesforce cannot save the record without a value for {fields}.",
        "Add {fields} to the body, e.g. {\"Name\": \"Acme\"}, and send again.",
    ),
    (
        "API_DISABLED_FOR_ORG",
        "The API is not enabled for this org: its edition or licence does not include API access.",
        "Use an org whose edition includes the API (Enterprise, Unlimited, Performance, Developer), or ask \
         Salesforce to enable API access for this org.",
    ),
    (
        "API_CURRENTLY_DISABLED",
        "API access is turned off for this user.",
        "Give the user's profile or a permission set the \"API Enabled\" permission.",
    ),
    (
        "INSUFFICIENT_ACCESS",
        "The user is not allowed to do this.",
        "Give the user the object permission this needs (Read, Create, Edit or Delete) through the profile or a \
         permission set, or use a user who has it.",
    ),
    (
        "INSUFFICIENT_ACCESS_OR_READONLY",
        "The user may not change this record: it is read-only for them, or sharing does not give them access.",
        "Check the user's object permissions (Create, Edit, Delete) and the record's sharing, or use a user who has \
         access.",
    ),
    (
        "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY",
        "The record refers to another record (an owner, a parent, a lookup) the user cannot see or use.",
        "Share the referenced record with the user, or refer to one they can access.",
    ),
    (
        "REQUEST_LIMIT_EXCEEDED",
        "The org has used up its API requests for the last 24 hours.",
        "Wait until the rolling 24-hour window frees requests (GET …/limits shows DailyApiRequests), or ask \
         Salesforce for a higher limit.",
    ),
    (
        "NOT_FOUND",
        "This resource does not exist: the path, the API version or the record id is wrong, or the record is not \
         shared with the user.",
        "Check the path (start from /services/data/vNN.0/), the object name and the id.",
    ),
    (
        "INVALID_TYPE",
        "Salesforce does not know this object, or the user cannot see it.",
        "Check the object's API name (custom objects end in __c) and the user's object permissions.",
    ),
    (
        "INVALID_FIELD",
        "A field in the request does not exist, cannot be set this way, or is hidden from the user by field-level \
         security.",
        "Check the field's API name (custom fields end in __c) and its field-level security; never send Id in the \
         body of a create.",
    ),
    (
        "MALFORMED_ID",
        "An id in the request is not a valid Salesforce id.",
        "Use the 15- or 18-character id of a record of the right object.",
    ),
    (
        "JSON_PARSER_ERROR",
        "Salesforce could not read the JSON body (a syntax error, or a value of the wrong type for a field).",
        "Fix the body: field names in double quotes, numbers and booleans unquoted, dates as \"2026-01-31\".",
    ),
    (
        "METHOD_NOT_ALLOWED",
        "This resource does not accept this method.",
        "Use GET to read, POST to create (on …/sobjects/Object/), PATCH to update and DELETE to delete (on \
         …/sobjects/Object/id).",
    ),
    (
        "MALFORMED_QUERY",
        "The SOQL query is not valid.",
        "Check the query's syntax, e.g. …/query?q=SELECT+Id,Name+FROM+Account+LIMIT+5.",
    ),
    (
        "INVALID_QUERY_FILTER_OPERATOR",
        "The query's WHERE clause uses an operator this field does not support.",
        "Use an operator the field type supports (LIKE for text, = for ids and picklists).",
    ),
    (
        "FIELD_CUSTOM_VALIDATION_EXCEPTION",
        "A validation rule of the org refused the values.",
        "Read Salesforce's message: it is the rule's own text; change the values it names.",
    ),
    (
        "DUPLICATE_VALUE",
        "A unique field already has this value on another record.",
        "Use another value, or update the existing record instead.",
    ),
    (
        "ENTITY_IS_DELETED",
        "The record is deleted (in the Recycle Bin).",
        "Undelete it in Salesforce, or use another record.",
    ),
    (
        "STRING_TOO_LONG",
        "A text value is longer than the field allows.",
        "Shorten the value (the describe of the object gives each field's length).",
    ),
    (
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        "A picklist value is not one of the field's allowed values.",
        "Use one of the values the describe of the object lists for that field.",
    ),
];

/// What an HTTP status means when the body named no error code we know (the "Status Codes and Error Responses"
/// table).
fn by_status(status: u16) -> (&'static str, &'static str) {
    match status {
        300 => (
            "An external id matched more than one record; the body lists them.",
            "Use a unique external id, or the record's id.",
        ),
        400 => (
            "Salesforce could not understand the request, usually because the JSON or XML body contains an error.",
            "Read Salesforce's message and fix the body or the query.",
        ),
        401 => (
            "The access token is expired or invalid.",
            "Click Refresh (or log in again) and resend the request.",
        ),
        403 => (
            "Salesforce refused the request: the user lacks a permission, or the org is over its API limit.",
            "Check the user's permissions (API Enabled, object permissions); GET …/limits shows the API usage.",
        ),
        404 => (
            "The resource was not found.",
            "Check the path for typos and that the record is shared with the user.",
        ),
        405 => (
            "This resource does not accept this method.",
            "Use GET to read, POST to create, PATCH to update, DELETE to delete.",
        ),
        409 => (
            "The request conflicts with the current state of the resource.",
            "Read Salesforce's message, then retry.",
        ),
        412 | 428 => (
            "A precondition of the request failed.",
            "Read Salesforce's message (If-Match / If-Unmodified-Since headers).",
        ),
        414 => ("The URL is too long.", "Shorten the query or the path."),
        415 => (
            "Salesforce does not accept the body's format.",
            "Choose JSON or XML to match the body you typed.",
        ),
        431 => (
            "The request's headers are too large.",
            "Send fewer or shorter headers.",
        ),
        500..=599 => (
            "Salesforce had an error of its own processing the request.",
            "Wait a moment and retry; if it persists, check status.salesforce.com.",
        ),
        _ => (
            "Salesforce did not accept the request.",
            "Read Salesforce's message and the status.",
        ),
    }
}

/// A list of strings, read leniently: anything that is not a list of strings reads as what strings it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct TextList(Vec<String>);

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TextList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TextList, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Scalar>()? {
                    out.extend(item.text());
                }
                Ok(TextList(out))
            }
            fn visit_bool<E>(self, _: bool) -> Result<TextList, E> {
                Ok(TextList::default())
            }
            fn visit_i64<E>(self, _: i64) -> Result<TextList, E> {
                Ok(TextList::default())
            }
            fn visit_u64<E>(self, _: u64) -> Result<TextList, E> {
                Ok(TextList::default())
            }
            fn visit_f64<E>(self, _: f64) -> Result<TextList, E> {
                Ok(TextList::default())
            }
            fn visit_str<E>(self, _: &str) -> Result<TextList, E> {
                Ok(TextList::default())
            }
            fn visit_unit<E>(self) -> Result<TextList, E> {
                Ok(TextList::default())
            }
            fn visit_none<E>(self) -> Result<TextList, E> {
                Ok(TextList::default())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<TextList, D::Error> {
                TextList::deserialize(d)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TextList, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(TextList::default())
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// One entry of a REST error list.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct RawRestError {
    error_code: Scalar,
    message: Scalar,
    fields: TextList,
}

/// The first error of a REST error answer (`[{"errorCode", "message", "fields"}]`), explained;
/// a body without one is explained by its HTTP status. `None` for a success (2xx, 3xx other than 300).
pub fn explain_rest_error(json: &impl JsonDecoder, status: u16, body: &str) -> Option<RestError> {
    if status < 400 && status != 300 {
        return None;
    }
    let text = body.trim();
    let raw = json
        .decode::<Vec<Item<RawRestError>>>(text)
        .and_then(|items| items.into_iter().find_map(|item| item.0))
        .or_else(|| {
            json.decode::<Item<RawRestError>>(text)
                .and_then(|item| item.0)
        })
        .unwrap_or_default();
    let code = raw.error_code.text();
    let salesforce_message = raw.message.text();
    let fields = raw.fields.0;
    let named = if fields.is_empty() {
        "the required fields".to_owned()
    } else {
        fields.join(", ")
    };
    let said = salesforce_message.as_deref().unwrap_or_default();
    let (message, hint) = match code.as_deref() {
        // The same code, a different cause: no `api` scope or API Access Control (docs/salesforce.md#errors).
        Some("INVALID_SESSION_ID")
            if said
                .to_ascii_lowercase()
                .contains("not valid for use with the rest api") =>
        {
            (
                "This session may not use the REST API: the token lacks the api scope, or API Access Control does \
                 not allow this app."
                    .to_owned(),
                "Add \"Manage user data via APIs (api)\" to the app's and the profile's scopes and log in again; \
                 with API Access Control, allow the app for the user."
                    .to_owned(),
            )
        }
        Some(code) => match CATALOGUE.iter().find(|entry| entry.0 == code) {
            Some((_, meaning, fix)) => (
                meaning.replace("{fields}", &named),
                fix.replace("{fields}", &named),
            ),
            None => {
                let (meaning, fix) = by_status(status);
                (meaning.to_owned(), fix.to_owned())
            }
        },
        None => {
            let (meaning, fix) = by_status(status);
            (meaning.to_owned(), fix.to_owned())
        }
    };
    Some(RestError {
        code: code.unwrap_or_else(|| format!("HTTP_{status}")),
        salesforce_message,
        fields,
        message,
        hint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::SerdeJson;

    fn explain(status: u16, body: &str) -> RestError {
        explain_rest_error(&SerdeJson, status, body).unwrap()
    }

    #[test]
    fn documented_codes_are_explained_with_the_fix() {
        let e = explain(
            400,
            r#"[{"message":"Required fields are missing: [Name]","errorCode":"REQUIRED_FIELD_MISSING","fields":["Name"]}]"#,
        );
        assert_eq!(e.code, "REQUIRED_FIELD_MISSING");
        assert_eq!(e.fields, ["Name"]);
        assert_eq!(
            e.salesforce_message.as_deref(),
            Some("Required fields are missing: [Name]")
        );
        assert!(e.message.contains("for Name."), "{}", e.message);
        assert!(e.hint.starts_with("Add Name to the body"), "{}", e.hint);

        let e = explain(
            401,
            r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#,
        );
        assert_eq!(e.code, "INVALID_SESSION_ID");
        assert!(e.hint.contains("Refresh"));
        let e = explain(
            401,
            r#"[{"message":"This session is not valid for use with the REST API","errorCode":"INVALID_SESSION_ID"}]"#,
        );
        assert!(e.message.contains("api scope"));

        let e = explain(
            403,
            r#"[{"message":"The REST API is not enabled for this Organization.","errorCode":"API_DISABLED_FOR_ORG"}]"#,
        );
        assert_eq!(e.code, "API_DISABLED_FOR_ORG");
        assert!(e.hint.contains("edition"));
        let e = explain(
            400,
            r#"[{"message":"insufficient access rights on object id","errorCode":"INSUFFICIENT_ACCESS_OR_READONLY"}]"#,
        );
        assert!(e.message.contains("read-only"));
        assert!(explain(
            403,
            r#"[{"errorCode":"INSUFFICIENT_ACCESS","message":"x"}]"#
        )
        .hint
        .contains("permission"));
        for (code, _, _) in CATALOGUE {
            let e = explain(400, &format!(r#"[{{"errorCode":"{code}","message":"m"}}]"#));
            assert_eq!(e.code, *code);
            assert!(
                !e.message.contains('{') || e.message.contains("{\""),
                "{code}"
            );
        }
    }

    #[test]
    fn anything_else_is_explained_by_its_status() {
        let e = explain(404, "");
        assert_eq!(e.code, "HTTP_404");
        assert!(e.message.contains("not found"));
        let e = explain(400, r#"[{"errorCode":"SOMETHING_NEW","message":"Odd"}]"#);
        assert_eq!(e.code, "SOMETHING_NEW");
        assert_eq!(e.salesforce_message.as_deref(), Some("Odd"));
        assert!(e.message.contains("JSON or XML body"));
        // A single object, fields of the wrong type, junk entries.
        let e = explain(
            400,
            r#"{"errorCode":"MALFORMED_ID","message":"bad id","fields":"Id"}"#,
        );
        assert_eq!((e.code.as_str(), e.fields.len()), ("MALFORMED_ID", 0));
        let e = explain(
            400,
            r#"[5,{"errorCode":"REQUIRED_FIELD_MISSING","fields":["Name",7,null,"Site"]}]"#,
        );
        assert_eq!(e.fields, ["Name", "Site"]);
        assert!(e.hint.contains("Name, Site"));
        assert_eq!(explain(500, "<html>").code, "HTTP_500");
        assert_eq!(explain(503, "<html>").message, by_status(503).0);
        assert!(explain_rest_error(&SerdeJson, 200, "[]").is_none());
        assert!(explain_rest_error(&SerdeJson, 204, "").is_none());
        assert!(explain_rest_error(&SerdeJson, 300, "[]").is_some());
    }
}
