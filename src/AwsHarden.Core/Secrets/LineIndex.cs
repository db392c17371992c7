namespace AwsHarden.Secrets;

/// <summary>Maps offsets in a text to 1-based lines, and lines to the ini section that holds them.</summary>
internal sealed class LineIndex
{
    private readonly string _text;
    private readonly List<int> _starts = [0];
    private int[]? _sections;

    public LineIndex(string text)
    {
        _text = text;
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
            _starts.Add(i + 1);
    }

    public int LineOf(int offset)
    {
        var index = _starts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    public int StartOf(int line) => _starts[line - 1];

    public ReadOnlySpan<char> LineText(int line)
    {
        var start = _starts[line - 1];
        var end = line < _starts.Count ? _starts[line] : _text.Length;
        return _text.AsSpan(start, end - start);
    }

    /// <summary>
    /// The line number of the <c>[section]</c> header above the line, or null outside any section.
    /// A section ends at the next header or at a blank line, so only ini-shaped blocks count.
    /// </summary>
    public int? SectionOf(int line)
    {
        _sections ??= FindSections();
        var header = _sections[line - 1];
        return header == 0 ? null : header;
    }

    private int[] FindSections()
    {
        var sections = new int[_starts.Count];
        var current = 0;
        for (var line = 1; line <= _starts.Count; line++)
        {
            var text = LineText(line).Trim();
            if (text.Length > 2 && text[0] == '[' && text[^1] == ']')
                current = line;
            else if (text.IsEmpty)
                current = 0;
            sections[line - 1] = current;
        }
        return sections;
    }
}
