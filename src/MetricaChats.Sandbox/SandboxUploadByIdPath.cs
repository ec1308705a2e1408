namespace MetricaChats.Sandbox;

/// <summary>
/// Which spelling of the upload-by-id path the sandbox serves. The reference disagrees with
/// itself: <c>offline_conversions/uploading/{id}</c> on the offline-conversion pages,
/// <c>offline_conversions/uploadings/{id}</c> on the chat pages. A spelling not served answers
/// 404 <c>not_found</c> like any unknown path.
/// </summary>
public enum SandboxUploadByIdPath
{
    /// <summary><c>uploading/{id}</c> only (the default).</summary>
    Singular,

    /// <summary><c>uploadings/{id}</c> only: a client asking the singular path gets 404.</summary>
    Plural,

    /// <summary>Both spellings.</summary>
    Both,

    /// <summary>Neither: one upload can be read only from the uploads list.</summary>
    None,
}
