//! The awsQuery protocol's code of a structure: `ToQuery` (its members as form keys) for the
//! structures a request holds, `FromXml` for the ones an answer holds, and `from_http` for
//! outputs and errors.

use proc_macro2::TokenStream;
use quote::quote;

use super::ty::rust_type;
use super::{doc, ident};
use crate::ir::{Field, Ir, Kind, Role, Structure, Value};

/// The element and key name of a member: its `xmlName`, else its member name; for a
/// flattened list, the name of its items when the model gives one.
fn element_name(f: &Field) -> &str {
    if f.value.flattened
        && let Kind::List(item) = &f.value.kind
        && let Some(name) = &item.xml_name
    {
        return name;
    }
    f.value.xml_name.as_deref().unwrap_or(&f.member_name)
}

/// The query and XML code of `s`, for a crate of the awsQuery protocol.
pub(crate) fn impls(ir: &Ir, s: &Structure) -> TokenStream {
    let to_query = matches!(s.role, Role::Input { .. } | Role::Shape).then(|| to_query(ir, s));
    let from_xml = matches!(
        s.role,
        Role::Output { .. } | Role::Error { .. } | Role::Shape
    )
    .then(|| from_xml(ir, s));
    let from_http = match &s.role {
        Role::Output { operation } => Some(output_from_http(s, crate::ir::shape_name(operation))),
        Role::Error { .. } => Some(error_from_http(s)),
        _ => None,
    };
    quote! {
        #to_query
        #from_xml
        #from_http
    }
}

fn to_query(ir: &Ir, s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let writes: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let field = ident(&f.name);
            // A flattened list's key is its parent's with the item name in its place, which
            // the writer works out from the member's own key.
            let key_name = f.value.xml_name.as_deref().unwrap_or(&f.member_name);
            let write = write_value(ir, &f.value, &quote!(value), &quote!(&key));
            let set = quote! {
                let key = ::rustgen_runtime::query::key(prefix, #key_name);
                #write
            };
            if f.required {
                quote! {{
                    let value = &self.#field;
                    #set
                }}
            } else {
                quote! {
                    if let Some(value) = &self.#field {
                        #set
                    }
                }
            }
        })
        .collect();
    let (writer, prefix) = if writes.is_empty() {
        (quote!(_writer), quote!(_prefix))
    } else {
        (quote!(writer), quote!(prefix))
    };
    quote! {
        impl ::rustgen_runtime::query::ToQuery for #name {
            fn write_query(&self, #writer: &mut ::rustgen_runtime::query::QueryWriter, #prefix: &str) {
                #(#writes)*
            }
        }
    }
}

/// Writes `value` (an expression of a reference to the value) under `key` (a `&str`).
fn write_value(ir: &Ir, value: &Value, v: &TokenStream, key: &TokenStream) -> TokenStream {
    match &value.kind {
        Kind::String => quote!(writer.text(#key, #v);),
        Kind::Enum(_) => quote!(writer.text(#key, #v.as_str());),
        Kind::Boolean => quote!(writer.boolean(#key, *#v);),
        Kind::Int(_) | Kind::Float | Kind::Double => quote!(writer.number(#key, *#v);),
        Kind::Timestamp(format) => {
            let format = super::operation::time_format(*format);
            quote!(writer.timestamp(#key, *#v, #format);)
        }
        Kind::Blob => quote!(writer.blob(#key, #v);),
        // Named by its type, so that a boxed member's `&Box<_>` is taken as a reference to
        // the structure.
        Kind::Structure(_) => {
            let ty = rust_type(ir, value);
            quote!(<#ty as ::rustgen_runtime::query::ToQuery>::write_query(#v, writer, #key);)
        }
        Kind::Nullable(item) => {
            let write = write_value(ir, item, &quote!(item), key);
            quote! {
                if let Some(item) = #v {
                    #write
                }
            }
        }
        Kind::List(item) => {
            let name = option_str(item.xml_name.as_deref());
            let flattened = value.flattened;
            let write = write_value(ir, item, &quote!(item), &quote!(key));
            quote! {
                writer.list(#key, #name, #flattened, #v, |writer, key, item| {
                    #write
                });
            }
        }
        Kind::Map(k, entry) => {
            let key_name = k.xml_name.as_deref().unwrap_or("key");
            let value_name = entry.xml_name.as_deref().unwrap_or("value");
            let flattened = value.flattened;
            let write_key = write_value(ir, k, &quote!(item), &quote!(key));
            let write_entry = write_value(ir, entry, &quote!(item), &quote!(key));
            quote! {
                writer.map(
                    #key,
                    (#key_name, #value_name),
                    #flattened,
                    #v,
                    |writer, key, item| {
                        #write_key
                    },
                    |writer, key, item| {
                        #write_entry
                    },
                );
            }
        }
        // The checker leaves out operations whose shapes hold these under awsQuery.
        Kind::Document | Kind::Unit => quote!(),
    }
}

fn option_str(name: Option<&str>) -> TokenStream {
    match name {
        Some(name) => quote!(::std::option::Option::Some(#name)),
        None => quote!(::std::option::Option::None),
    }
}

fn from_xml(ir: &Ir, s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let error = matches!(s.role, Role::Error { .. });
    let reads = s.fields.iter().enumerate().map(|(index, f)| {
        let local = ident(&f.slot);
        let element = element_name(f);
        let mut read = match (&f.value.kind, f.value.flattened) {
            // A flattened list or map: its items or entries are the elements of its name.
            (Kind::List(item), true) => {
                let each = reader(ir, item);
                quote! {
                    ::rustgen_runtime::query::children(node, #element)
                        .map(#each)
                        .collect::<::std::result::Result<::std::vec::Vec<_>, _>>()
                        .map(|items| (!items.is_empty()).then_some(items))?
                }
            }
            (Kind::Map(k, entry), true) => {
                let read = map_read(
                    ir,
                    k,
                    entry,
                    &quote!(::rustgen_runtime::query::children(node, #element)),
                );
                quote!(#read.map(|entries| (!entries.is_empty()).then_some(entries))?)
            }
            _ => {
                let each = reader(ir, &f.value);
                // An error's message is also read from `<Message>`, where services put it.
                let found = if error && s.message_field == Some(index) && element != "Message" {
                    quote! {
                        ::rustgen_runtime::query::child(node, #element)
                            .or_else(|| ::rustgen_runtime::query::child(node, "Message"))
                    }
                } else {
                    quote!(::rustgen_runtime::query::child(node, #element))
                };
                quote!(#found.map(#each).transpose()?)
            }
        };
        if f.boxed {
            read = quote!(#read.map(::std::boxed::Box::new));
        }
        quote!(let #local = #read;)
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let local = ident(&f.slot);
        let element = element_name(f);
        if f.required {
            quote!(#field: #local.ok_or_else(|| ::rustgen_runtime::query::missing(#element))?)
        } else if f.slot == f.name {
            quote!(#field)
        } else {
            quote!(#field: #local)
        }
    });
    let node = if s.fields.is_empty() {
        quote!(_node)
    } else {
        quote!(node)
    };
    quote! {
        impl ::rustgen_runtime::query::FromXml for #name {
            fn from_xml(
                #node: ::rustgen_runtime::query::Node<'_, '_>,
            ) -> ::std::result::Result<Self, ::rustgen_runtime::operation::ReadError> {
                #(#reads)*
                Ok(Self {
                    #(#inits,)*
                })
            }
        }
    }
}

/// A function from an element to `Result<value, ReadError>`: a path to one of the runtime's
/// readers, or a closure for the values that take arguments.
fn reader(ir: &Ir, value: &Value) -> TokenStream {
    match &value.kind {
        Kind::String => quote!(::rustgen_runtime::query::string),
        Kind::Enum(_) => {
            let ty = rust_type(ir, value);
            quote!(::rustgen_runtime::query::enumeration::<#ty>)
        }
        Kind::Boolean => quote!(::rustgen_runtime::query::boolean),
        Kind::Int(_) | Kind::Float | Kind::Double => quote!(::rustgen_runtime::query::number),
        Kind::Timestamp(format) => {
            let format = super::operation::time_format(*format);
            quote!(|node| ::rustgen_runtime::query::timestamp(node, #format))
        }
        Kind::Blob => quote!(::rustgen_runtime::query::blob),
        Kind::Structure(_) => {
            let ty = rust_type(ir, value);
            quote!(<#ty as ::rustgen_runtime::query::FromXml>::from_xml)
        }
        Kind::Nullable(item) => {
            let read = reader(ir, item);
            quote!(|node| (#read)(node).map(::std::option::Option::Some))
        }
        Kind::List(item) => {
            let each = reader(ir, item);
            quote!(|node| ::rustgen_runtime::query::list(node, #each))
        }
        Kind::Map(k, entry) => {
            let read = map_read(
                ir,
                k,
                entry,
                &quote!(::rustgen_runtime::query::elements(node)),
            );
            quote!(|node| #read)
        }
        // The checker leaves out operations whose shapes hold these under awsQuery.
        Kind::Document | Kind::Unit => {
            quote!(|_| Err(::rustgen_runtime::query::missing("a value")))
        }
    }
}

fn map_read(ir: &Ir, k: &Value, entry: &Value, entries: &TokenStream) -> TokenStream {
    let key_name = k.xml_name.as_deref().unwrap_or("key");
    let value_name = entry.xml_name.as_deref().unwrap_or("value");
    let read_key = reader(ir, k);
    let read_entry = reader(ir, entry);
    quote! {
        ::rustgen_runtime::query::map(#entries, (#key_name, #value_name), #read_key, #read_entry)
    }
}

fn output_from_http(s: &Structure, operation: &str) -> TokenStream {
    let name = ident(&s.name);
    let wrapper = format!("{operation}Result");
    let (body, read) = if s.fields.is_empty() {
        (quote!(_body), quote!(Ok(Self {})))
    } else {
        (
            quote!(body),
            quote! {
                let document = ::rustgen_runtime::query::parse(body)?;
                // An answer without the result element has none of the members.
                let node = ::rustgen_runtime::query::result(&document, #wrapper)
                    .unwrap_or_else(|| document.root_element());
                <Self as ::rustgen_runtime::query::FromXml>::from_xml(node)
            },
        )
    };
    let docs = doc(&format!(
        "Reads the value from an HTTP answer: the members are the children of the XML body's\n\
         `<{wrapper}>`."
    ));
    quote! {
        impl #name {
            #docs
            pub(crate) fn from_http(
                _headers: &::rustgen_runtime::http::HeaderMap,
                #body: &[u8],
            ) -> ::std::result::Result<Self, ::rustgen_runtime::operation::ReadError> {
                #read
            }
        }
    }
}

fn error_from_http(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let docs = doc(
        "Reads the value from an HTTP answer: the members are the children of the XML body's\n\
         `<Error>`.",
    );
    quote! {
        impl #name {
            #docs
            pub(crate) fn from_http(
                _headers: &::rustgen_runtime::http::HeaderMap,
                body: &[u8],
            ) -> ::std::result::Result<Self, ::rustgen_runtime::operation::ReadError> {
                let document = ::rustgen_runtime::query::parse(body)?;
                <Self as ::rustgen_runtime::query::FromXml>::from_xml(
                    ::rustgen_runtime::query::error_element(&document),
                )
            }
        }
    }
}
