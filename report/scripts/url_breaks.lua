-- The URLs shown in the text break only after a "/" or before a "#", never inside a
-- name (a break at the hyphen of "Invoking-diff.html" reads as a hyphenated word): each
-- part is a span that does not wrap, and a zero-width space between two parts is where
-- the line may break (WeasyPrint does not break at <wbr> between such spans).
local function escape(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

-- url_parts("https://a/b#c") -> { "https://a/", "b", "#c" }
local function url_parts(url)
  local parts, current = {}, ""
  for i = 1, #url do
    local char, following = url:sub(i, i), url:sub(i + 1, i + 1)
    if char == "#" and current ~= "" then
      parts[#parts + 1], current = current, ""
    end
    current = current .. char
    if char == "/" and following ~= "/" and url:sub(i - 1, i - 1) ~= "/" then
      parts[#parts + 1], current = current, ""
    end
  end
  if current ~= "" then
    parts[#parts + 1] = current
  end
  return parts
end

function Link(link)
  if not link.classes:includes("uri") then
    return nil
  end
  local spans = {}
  for _, part in ipairs(url_parts(pandoc.utils.stringify(link.content))) do
    spans[#spans + 1] = '<span class="url-part">' .. escape(part) .. "</span>"
  end
  link.content = { pandoc.RawInline("html", table.concat(spans, "\u{200B}")) }
  return link
end
