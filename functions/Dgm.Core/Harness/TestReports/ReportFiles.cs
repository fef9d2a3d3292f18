using System.Xml;
using System.Xml.Linq;

namespace Dgm.Core.Harness.TestReports;

/// <summary>Reading a report folder's files; whatever is missing or malformed is an <see cref="InvalidDataException"/> naming the file.</summary>
internal static class ReportFiles
{
    public static byte[] Require(IReadOnlyDictionary<string, byte[]> files, string name) =>
        files.TryGetValue(name, out var content) ? content : throw new InvalidDataException($"no {name} in the report folder");

    /// <summary>The XML root element, without DTDs or external entities: the code under test may have written the file.</summary>
    public static XElement LoadXml(string name, byte[] content)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader).Root ?? throw new InvalidDataException($"{name}: no root element");
        }
        catch (XmlException ex)
        {
            throw new InvalidDataException($"{name}: not XML ({ex.Message})", ex);
        }
    }
}
