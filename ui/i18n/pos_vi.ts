<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
    <context>
        <name>PosErrors</name>
        <message>
            <source>announced quantity must be a positive whole number: {value!r}</source>
            <translation>số lượng báo giao phải là số nguyên dương: {value!r}</translation>
        </message>
        <message>
            <source>delivery announcement {note_no} is another producer's</source>
            <translation>thông báo giao hàng {note_no} là của nhà sản xuất khác</translation>
        </message>
        <message>
            <source>delivery announcement {note_no} was already received or withdrawn</source>
            <translation>thông báo giao hàng {note_no} đã được nhận hoặc đã hủy</translation>
        </message>
        <message>
            <source>delivery_announcements must be a list</source>
            <translation>danh sách thông báo giao hàng (delivery_announcements) phải là một danh sách</translation>
        </message>
        <message>
            <source>unknown delivery announcement {id!r}</source>
            <translation>không có thông báo giao hàng {id!r}</translation>
        </message>
        <message>
            <source>barcode must be digits: {code!r}</source>
            <translation>mã vạch chỉ được gồm chữ số: {code!r}</translation>
        </message>
        <message>
            <source>empty barcode</source>
            <translation>mã vạch trống</translation>
        </message>
        <message>
            <source>not a barcode: {shown!r}</source>
            <translation>không phải mã vạch: {shown!r}</translation>
        </message>
        <message>
            <source>price label {code} carries no price</source>
            <translation>tem giá {code} không ghi giá</translation>
        </message>
        <message>
            <source>weight label {code} carries no weight</source>
            <translation>tem cân {code} không ghi khối lượng</translation>
        </message>
        <message>
            <source>wrong check digit in {code}: expected {expected}</source>
            <translation>số kiểm tra của mã {code} bị sai: đúng ra phải là {expected}</translation>
        </message>
        <message>
            <source>{code} has digits other than 0-9</source>
            <translation>{code} có chữ số không thuộc 0-9</translation>
        </message>
        <message>
            <source>{code} has {digits} digits; GS1 codes have 8, 12, 13 or 14</source>
            <translation>mã {code} có {digits} chữ số; mã GS1 phải có 8, 12, 13 hoặc 14 chữ số</translation>
        </message>
        <message>
            <source>ID {value!r} is neither a 12-digit citizen ID nor a passport number</source>
            <translation>Số giấy tờ {value!r} không phải số CCCD 12 chữ số hay số hộ chiếu</translation>
        </message>
        <message>
            <source>a buyer profile needs at least a name, tax code, ID, e-mail or phone</source>
            <translation>hồ sơ người mua cần ít nhất tên, mã số thuế, số giấy tờ, e-mail hoặc điện thoại</translation>
        </message>
        <message>
            <source>a buyer with a tax code needs the company's name and address</source>
            <translation>người mua có mã số thuế phải có tên và địa chỉ đơn vị</translation>
        </message>
        <message>
            <source>e-mail address {value!r} is not valid</source>
            <translation>địa chỉ e-mail {value!r} không hợp lệ</translation>
        </message>
        <message>
            <source>phone number {value!r} is not a Vietnamese phone number (10 digits, 0...)</source>
            <translation>số điện thoại {value!r} không phải số Việt Nam (10 chữ số, bắt đầu bằng 0)</translation>
        </message>
        <message>
            <source>unknown buyer detail {key!r}</source>
            <translation>thông tin người mua không xác định: {key!r}</translation>
        </message>
        <message>
            <source>a discount above {threshold_pct} % needs a manager</source>
            <translation>giảm giá trên {threshold_pct} % phải được quản lý duyệt</translation>
        </message>
        <message>
            <source>a discount needs a reason</source>
            <translation>giảm giá phải có lý do</translation>
        </message>
        <message>
            <source>a price-labelled piece is sold as it is labelled</source>
            <translation>hàng dán tem giá được bán đúng như trên tem</translation>
        </message>
        <message>
            <source>discount approval threshold must be 0-100 %</source>
            <translation>ngưỡng duyệt giảm giá phải từ 0 đến 100 %</translation>
        </message>
        <message>
            <source>discount must be a whole number of đồng, zero or more</source>
            <translation>số tiền giảm giá phải là số đồng nguyên, từ 0 trở lên</translation>
        </message>
        <message>
            <source>discount {amount:vnd} is more than the amount {base:vnd}</source>
            <translation>giảm giá {amount:vnd} lớn hơn số tiền {base:vnd}</translation>
        </message>
        <message>
            <source>label price {price!r} is not valid</source>
            <translation>giá trên tem {price!r} không hợp lệ</translation>
        </message>
        <message>
            <source>line {line_no} ({name}): a discount of {amount:vnd} on {base:vnd} is above {threshold_pct} % and needs a manager</source>
            <translation>dòng {line_no} ({name}): giảm {amount:vnd} trên {base:vnd} là quá {threshold_pct} %, cần quản lý duyệt</translation>
        </message>
        <message>
            <source>line {line_no} ({name}): the discount is now {amount:vnd} on {base:vnd}; a manager approved {approved:vnd} on {approved_base:vnd}</source>
            <translation>dòng {line_no} ({name}): giảm giá nay là {amount:vnd} trên {base:vnd}; quản lý đã duyệt {approved:vnd} trên {approved_base:vnd}</translation>
        </message>
        <message>
            <source>lower the order discount ({amount:vnd}) before lowering the sale below it</source>
            <translation>hãy giảm mức giảm giá đơn hàng ({amount:vnd}) trước khi làm đơn hàng nhỏ hơn mức đó</translation>
        </message>
        <message>
            <source>no line {line_no} in the cart</source>
            <translation>giỏ hàng không có dòng {line_no}</translation>
        </message>
        <message>
            <source>quantity must be a whole number, not {qty!r}</source>
            <translation>số lượng phải là số nguyên, không phải {qty!r}</translation>
        </message>
        <message>
            <source>quantity must be more than zero</source>
            <translation>số lượng phải lớn hơn 0</translation>
        </message>
        <message>
            <source>quantity {qty:num} g is too large (at most {limit:num} g)</source>
            <translation>số lượng {qty:num} g quá lớn (tối đa {limit:num} g)</translation>
        </message>
        <message>
            <source>quantity {qty:num} is too large (at most {limit:num} units)</source>
            <translation>số lượng {qty:num} quá lớn (tối đa {limit:num} đơn vị)</translation>
        </message>
        <message>
            <source>remove the line discount before lowering the quantity below it</source>
            <translation>hãy bỏ giảm giá của dòng trước khi giảm số lượng xuống dưới mức đó</translation>
        </message>
        <message>
            <source>the approving manager must be given by id</source>
            <translation>phải ghi rõ mã của quản lý duyệt</translation>
        </message>
        <message>
            <source>the cart is empty</source>
            <translation>giỏ hàng đang trống</translation>
        </message>
        <message>
            <source>the order discount is now {amount:vnd} on {base:vnd}; a manager approved {approved:vnd} on {approved_base:vnd}</source>
            <translation>giảm giá đơn hàng nay là {amount:vnd} trên {base:vnd}; quản lý đã duyệt {approved:vnd} trên {approved_base:vnd}</translation>
        </message>
        <message>
            <source>the order discount of {amount:vnd} on {base:vnd} is above {threshold_pct} % and needs a manager</source>
            <translation>giảm giá đơn hàng {amount:vnd} trên {base:vnd} là quá {threshold_pct} %, cần quản lý duyệt</translation>
        </message>
        <message>
            <source>the product's {field} is not valid: {value!r}</source>
            <translation>trường {field} của sản phẩm không hợp lệ: {value!r}</translation>
        </message>
        <message>
            <source>the sale would be larger than 10 billion đồng</source>
            <translation>đơn hàng sẽ vượt quá 10 tỷ đồng</translation>
        </message>
        <message>
            <source>the saved cart is damaged ({field}): it cannot be used</source>
            <translation>giỏ hàng đã lưu bị hỏng ({field}): không dùng được</translation>
        </message>
        <message>
            <source>{field} must be a record of named values, not {kind}</source>
            <translation>{field} phải là một bản ghi có tên trường, không phải {kind}</translation>
        </message>
        <message>
            <source>{field} must be text, not {kind}</source>
            <translation>{field} phải là chữ, không phải {kind}</translation>
        </message>
        <message>
            <source>{name} is sold by weight: enter the grams</source>
            <translation>{name} bán theo cân: hãy nhập số gam</translation>
        </message>
        <message>
            <source>{name} is sold per unit, not by weight: a weight label cannot ring it up</source>
            <translation>{name} bán theo đơn vị, không bán theo cân: không thể tính tiền bằng tem cân</translation>
        </message>
        <message>
            <source>OCOP stars must be 3, 4 or 5</source>
            <translation>số sao OCOP phải là 3, 4 hoặc 5</translation>
        </message>
        <message>
            <source>SKU is required</source>
            <translation>cần nhập mã hàng (SKU)</translation>
        </message>
        <message>
            <source>SKU {sku} is already used by another product</source>
            <translation>mã hàng {sku} đã được dùng cho sản phẩm khác</translation>
        </message>
        <message>
            <source>VAT rate must be 0, 5, 8 or 10 %</source>
            <translation>thuế suất VAT phải là 0, 5, 8 hoặc 10 %</translation>
        </message>
        <message>
            <source>Vietnamese name is required</source>
            <translation>cần nhập tên tiếng Việt</translation>
        </message>
        <message>
            <source>barcode {code} already belongs to another product</source>
            <translation>mã vạch {code} đã thuộc về sản phẩm khác</translation>
        </message>
        <message>
            <source>category name is required</source>
            <translation>cần nhập tên danh mục</translation>
        </message>
        <message>
            <source>commission must be 0-100 % (0-10000 basis points)</source>
            <translation>hoa hồng phải từ 0 đến 100 % (0-10000 điểm cơ bản)</translation>
        </message>
        <message>
            <source>low-stock threshold must be a whole number &gt;= 0</source>
            <translation>ngưỡng sắp hết hàng phải là số nguyên từ 0 trở lên</translation>
        </message>
        <message>
            <source>no product has barcode {code}</source>
            <translation>không có sản phẩm nào mang mã vạch {code}</translation>
        </message>
        <message>
            <source>no product with SKU {sku}</source>
            <translation>không có sản phẩm nào có mã hàng {sku}</translation>
        </message>
        <message>
            <source>price must be a whole number of đồng from 0 to 1.000.000.000</source>
            <translation>giá phải là số đồng nguyên từ 0 đến 1.000.000.000</translation>
        </message>
        <message>
            <source>producer code is required</source>
            <translation>cần nhập mã nhà sản xuất</translation>
        </message>
        <message>
            <source>producer is required</source>
            <translation>cần chọn nhà sản xuất</translation>
        </message>
        <message>
            <source>producer kind must be one of {kinds}</source>
            <translation>loại nhà sản xuất phải là một trong: {kinds}</translation>
        </message>
        <message>
            <source>producer name is required</source>
            <translation>cần nhập tên nhà sản xuất</translation>
        </message>
        <message>
            <source>sold_by_weight must be 0 or 1</source>
            <translation>sold_by_weight (bán theo cân) phải là 0 hoặc 1</translation>
        </message>
        <message>
            <source>unknown category {category_id}</source>
            <translation>không tìm thấy danh mục {category_id}</translation>
        </message>
        <message>
            <source>unknown producer {producer_id}</source>
            <translation>không tìm thấy nhà sản xuất {producer_id}</translation>
        </message>
        <message>
            <source>unknown product {product_id}</source>
            <translation>không tìm thấy sản phẩm {product_id}</translation>
        </message>
        <message>
            <source>{field}: not a date (YYYY-MM-DD): {value!r}</source>
            <translation>{field}: không phải ngày hợp lệ (YYYY-MM-DD): {value!r}</translation>
        </message>
        <message>
            <source>{name}: its use-by date {day} is past; it must not be sold</source>
            <translation>{name}: hạn sử dụng {day} đã qua; không được bán</translation>
        </message>
        <message>
            <source>language must be vi or en</source>
            <translation>ngôn ngữ phải là vi hoặc en</translation>
        </message>
        <message>
            <source>{field} is missing</source>
            <translation>thiếu {field}</translation>
        </message>
        <message>
            <source>{field} is too long (at most {limit:num} characters)</source>
            <translation>{field} quá dài (tối đa {limit:num} ký tự)</translation>
        </message>
        <message>
            <source>{field} must be a list, not {kind}</source>
            <translation>{field} phải là một danh sách, không phải {kind}</translation>
        </message>
        <message>
            <source>{field} must be a whole number, not {kind}</source>
            <translation>{field} phải là số nguyên, không phải {kind}</translation>
        </message>
        <message>
            <source>{field} must be from {lo:num} to {hi:num}</source>
            <translation>{field} phải từ {lo:num} đến {hi:num}</translation>
        </message>
        <message>
            <source>the clock gave a time without a time zone: {when}</source>
            <translation>đồng hồ trả về thời điểm không có múi giờ: {when}</translation>
        </message>
        <message>
            <source>net quantity unit must be g or ml</source>
            <translation>đơn vị khối lượng tịnh phải là g hoặc ml</translation>
        </message>
        <message>
            <source>product content without a product id</source>
            <translation>nội dung sản phẩm thiếu mã sản phẩm</translation>
        </message>
        <message>
            <source>{field} must be a whole number above 0</source>
            <translation>{field} phải là số nguyên lớn hơn 0</translation>
        </message>
        <message>
            <source>{field}: not a SHA-256 hash</source>
            <translation>{field}: không phải mã băm SHA-256</translation>
        </message>
        <message>
            <source>{field}: not a picture address</source>
            <translation>{field}: không phải địa chỉ ảnh</translation>
        </message>
        <message>
            <source>give the buyer's details to put on the invoice</source>
            <translation>hãy nhập thông tin người mua để ghi lên hóa đơn</translation>
        </message>
        <message>
            <source>no receipt {receipt_no}</source>
            <translation>không có hóa đơn {receipt_no}</translation>
        </message>
        <message>
            <source>the buyer's details are unchanged: correct a detail first</source>
            <translation>thông tin người mua không thay đổi: hãy sửa chi tiết bị sai trước</translation>
        </message>
        <message>
            <source>{receipt_no} has no buyer on its invoice to correct</source>
            <translation>hóa đơn của {receipt_no} chưa ghi người mua nào để sửa</translation>
        </message>
        <message>
            <source>{receipt_no} has no e-invoice</source>
            <translation>{receipt_no} không có hóa đơn điện tử</translation>
        </message>
        <message>
            <source>{receipt_no} is a refund or was voided: its invoice cannot take a buyer</source>
            <translation>{receipt_no} là phiếu trả hàng hoặc đã hủy: không thể ghi người mua lên hóa đơn</translation>
        </message>
        <message>
            <source>{receipt_no} is from another day: ask the office to correct its invoice</source>
            <translation>{receipt_no} thuộc ngày khác: đề nghị văn phòng điều chỉnh hóa đơn</translation>
        </message>
        <message>
            <source>the disk holding {path} is full: the last change was not saved</source>
            <translation>ổ đĩa chứa {path} đã đầy: thay đổi vừa rồi chưa được lưu</translation>
        </message>
        <message>
            <source>the disk holding {path} is full: {free_kb:num} kB free</source>
            <translation>ổ đĩa chứa {path} đã đầy: chỉ còn trống {free_kb:num} kB</translation>
        </message>
        <message>
            <source>the disk reported an error reading or writing {path}</source>
            <translation>ổ đĩa báo lỗi khi đọc hoặc ghi {path}</translation>
        </message>
        <message>
            <source>the folder {folder} cannot be written (read-only or no permission)</source>
            <translation>không ghi được vào thư mục {folder} (chỉ đọc hoặc không có quyền)</translation>
        </message>
        <message>
            <source>the folder {folder} does not exist</source>
            <translation>thư mục {folder} không tồn tại</translation>
        </message>
        <message>
            <source>{file} beside the database cannot be written (read-only or no permission)</source>
            <translation>không ghi được tệp {file} bên cạnh cơ sở dữ liệu (chỉ đọc hoặc không có quyền)</translation>
        </message>
        <message>
            <source>{folder} is not a folder</source>
            <translation>{folder} không phải là thư mục</translation>
        </message>
        <message>
            <source>{path} cannot be opened</source>
            <translation>không mở được {path}</translation>
        </message>
        <message>
            <source>{path} cannot be read</source>
            <translation>không đọc được {path}</translation>
        </message>
        <message>
            <source>{path} cannot be written (read-only or no permission)</source>
            <translation>không ghi được vào {path} (chỉ đọc hoặc không có quyền)</translation>
        </message>
        <message>
            <source>{path} cannot be written: the last change was not saved</source>
            <translation>không ghi được vào {path}: thay đổi vừa rồi chưa được lưu</translation>
        </message>
        <message>
            <source>{path} does not exist</source>
            <translation>{path} không tồn tại</translation>
        </message>
        <message>
            <source>{path} is a folder, not a database file</source>
            <translation>{path} là một thư mục, không phải tệp cơ sở dữ liệu</translation>
        </message>
        <message>
            <source>{path} is damaged</source>
            <translation>{path} bị hỏng</translation>
        </message>
        <message>
            <source>{path} is in use by another program</source>
            <translation>{path} đang bị chương trình khác sử dụng</translation>
        </message>
        <message>
            <source>{path} is not a POS database (not SQLite)</source>
            <translation>{path} không phải cơ sở dữ liệu bán hàng (không phải SQLite)</translation>
        </message>
        <message>
            <source>demo product {sku}: unknown producer or category</source>
            <translation>sản phẩm mẫu {sku}: không rõ nhà sản xuất hoặc danh mục</translation>
        </message>
        <message>
            <source>synthetic catalog size must be 0 to 10,000,000</source>
            <translation>số sản phẩm của danh mục thử nghiệm phải từ 0 đến 10.000.000</translation>
        </message>
        <message>
            <source>this database already holds a synthetic catalog</source>
            <translation>cơ sở dữ liệu này đã có danh mục thử nghiệm</translation>
        </message>
        <message>
            <source>{code} is not a GS1 code this till can read (element string or Digital Link)</source>
            <translation>{code} không phải mã GS1 mà quầy đọc được (chuỗi AI hoặc Digital Link)</translation>
        </message>
        <message>
            <source>{code} names no product: a GS1 code needs a GTIN, AI (01)</source>
            <translation>{code} không chỉ sản phẩm nào: mã GS1 phải có GTIN, AI (01)</translation>
        </message>
        <message>
            <source>{code}: the GTIN (01) must be 14 digits, not {gtin!r}</source>
            <translation>{code}: GTIN (01) phải có 14 chữ số, không phải {gtin!r}</translation>
        </message>
        <message>
            <source>{code}: the lot (10) must be 1 to 20 letters, digits or GS1 signs, not {value!r}</source>
            <translation>{code}: số lô (10) phải gồm 1 đến 20 chữ cái, chữ số hoặc ký hiệu GS1, không phải {value!r}</translation>
        </message>
        <message>
            <source>{code}: the net weight ({ai}) is under half a gram</source>
            <translation>{code}: khối lượng tịnh ({ai}) dưới nửa gam</translation>
        </message>
        <message>
            <source>{code}: the net weight ({ai}) must be 6 digits, not {value!r}</source>
            <translation>{code}: khối lượng tịnh ({ai}) phải có 6 chữ số, không phải {value!r}</translation>
        </message>
        <message>
            <source>{code}: the serial (21) must be 1 to 20 letters, digits or GS1 signs, not {value!r}</source>
            <translation>{code}: số sê-ri (21) phải gồm 1 đến 20 chữ cái, chữ số hoặc ký hiệu GS1, không phải {value!r}</translation>
        </message>
        <message>
            <source>{code}: the use-by date (17) {value} is not a date (YYMMDD)</source>
            <translation>{code}: hạn sử dụng (17) {value} không phải ngày hợp lệ (YYMMDD)</translation>
        </message>
        <message>
            <source>{code}: wrong check digit in GTIN {gtin}: expected {expected}</source>
            <translation>{code}: số kiểm tra của GTIN {gtin} bị sai: đúng ra phải là {expected}</translation>
        </message>
        <message>
            <source>nothing to hold: the cart is empty</source>
            <translation>không có gì để giữ đơn: giỏ hàng đang trống</translation>
        </message>
        <message>
            <source>that held sale no longer exists</source>
            <translation>đơn đang giữ đó không còn nữa</translation>
        </message>
        <message>
            <source>{field} must be a cart, not {kind}</source>
            <translation>{field} phải là một giỏ hàng, không phải {kind}</translation>
        </message>
        <message>
            <source>{name} is not on an invoice of {receipt_no}: sell it as a new sale</source>
            <translation>{name} không thuộc hóa đơn nào của {receipt_no}: hãy bán thành đơn mới</translation>
        </message>
        <message>
            <source>choose at least one product to label</source>
            <translation>hãy chọn ít nhất một sản phẩm để in nhãn</translation>
        </message>
        <message>
            <source>label kind must be one of {kinds}, not {kind!r}</source>
            <translation>loại nhãn phải là một trong {kinds}, không phải {kind!r}</translation>
        </message>
        <message>
            <source>labels per product must be a whole number from 1 to {most}, not {qty!r}</source>
            <translation>số nhãn cho mỗi sản phẩm phải là số nguyên từ 1 đến {most}, không phải {qty!r}</translation>
        </message>
        <message>
            <source>no label printer is set up (Settings): print an A4 sheet instead</source>
            <translation>chưa cài đặt máy in nhãn (Cài đặt): hãy in ra tờ A4</translation>
        </message>
        <message>
            <source>{code} is not a code of {name}</source>
            <translation>{code} không phải là mã của {name}</translation>
        </message>
        <message>
            <source>{code} on {name} has a wrong check digit: fix the product's barcode first</source>
            <translation>mã {code} của {name} có số kiểm tra sai: hãy sửa mã vạch của sản phẩm trước</translation>
        </message>
        <message>
            <source>{name} has no barcode a label can carry: issue an in-store code first</source>
            <translation>{name} chưa có mã vạch nào in lên nhãn được: hãy cấp mã vạch nội bộ trước</translation>
        </message>
        <message>
            <source>a lot number is at most {most} printable characters: {value!r}</source>
            <translation>số lô tối đa {most} ký tự in được: {value!r}</translation>
        </message>
        <message>
            <source>expiry warning days must be a whole number from 0 to {most}</source>
            <translation>số ngày cảnh báo hết hạn phải là số nguyên từ 0 đến {most}</translation>
        </message>
        <message>
            <source>give the lot number its dates belong to</source>
            <translation>hãy nhập số lô mà các ngày này thuộc về</translation>
        </message>
        <message>
            <source>lot {lot_no} of {name} was received with {field} {was}, not {given}</source>
            <translation>lô {lot_no} của {name} đã nhận với {field} {was}, không phải {given}</translation>
        </message>
        <message>
            <source>lot {lot_no}: produced on {produced} is after its use-by date {use_by}</source>
            <translation>lô {lot_no}: ngày sản xuất {produced} sau hạn sử dụng {use_by}</translation>
        </message>
        <message>
            <source>unknown lot {lot_id!r}</source>
            <translation>không có lô {lot_id!r}</translation>
        </message>
        <message>
            <source>{name}: lot {lot} was to be used by {day}; a manager must allow selling it</source>
            <translation>{name}: lô {lot} có hạn sử dụng đến {day}; cần quản lý cho phép mới được bán</translation>
        </message>
        <message>
            <source>not an amount: {text!r}</source>
            <translation>không phải số tiền: {text!r}</translation>
        </message>
        <message>
            <source>{digits} digits is not an amount</source>
            <translation>{digits} chữ số thì không phải số tiền</translation>
        </message>
        <message>
            <source>another open sale is saved on this till: finish, hold or discard it first</source>
            <translation>quầy này đang lưu một đơn mở khác: hãy hoàn tất, giữ hoặc bỏ đơn đó trước</translation>
        </message>
        <message>
            <source>unknown reason {status!r} to close the open cart</source>
            <translation>lý do đóng đơn đang mở không hợp lệ: {status!r}</translation>
        </message>
        <message>
            <source>a payment amount must be a positive whole number of đồng: {amount!r}</source>
            <translation>số tiền thanh toán phải là số đồng nguyên lớn hơn 0: {amount!r}</translation>
        </message>
        <message>
            <source>cash tendered must be a positive whole number of đồng: {tendered!r}</source>
            <translation>tiền mặt khách đưa phải là số đồng nguyên lớn hơn 0: {tendered!r}</translation>
        </message>
        <message>
            <source>this is not a voucher code (check the characters)</source>
            <translation>đây không phải mã phiếu quà tặng (kiểm tra lại các ký tự)</translation>
        </message>
        <message>
            <source>this payment needs its reference</source>
            <translation>khoản thanh toán này cần mã giao dịch</translation>
        </message>
        <message>
            <source>unknown payment method {method!r}</source>
            <translation>phương thức thanh toán {method!r} không hợp lệ</translation>
        </message>
        <message>
            <source>{reference!r} does not look like this payment's reference</source>
            <translation>{reference!r} không giống mã giao dịch của khoản thanh toán này</translation>
        </message>
        <message>
            <source>{field}: not a time of day (HH:MM): {value!r}</source>
            <translation>{field}: không phải giờ trong ngày (GG:PP): {value!r}</translation>
        </message>
        <message>
            <source>{field}: the window ends before it starts</source>
            <translation>{field}: thời gian áp dụng kết thúc trước khi bắt đầu</translation>
        </message>
        <message>
            <source>the price of {name} went down at payment ({old:vnd} → {new:vnd}): the total is now {total:vnd}; remove the line, scan it again and take the payment again</source>
            <translation>giá của {name} đã giảm lúc thanh toán ({old:vnd} → {new:vnd}): tổng tiền giờ là {total:vnd}; xóa dòng này, quét lại và nhận tiền lại</translation>
        </message>
        <message>
            <source>no print job {job_id}</source>
            <translation>không có lệnh in {job_id}</translation>
        </message>
        <message>
            <source>print job id must be text</source>
            <translation>mã lệnh in phải là chuỗi ký tự</translation>
        </message>
        <message>
            <source>print job payload must be a document (dict)</source>
            <translation>nội dung lệnh in phải là một tài liệu (dict)</translation>
        </message>
        <message>
            <source>print job {job_id} does not need a decision</source>
            <translation>lệnh in {job_id} không còn chờ xử lý</translation>
        </message>
        <message>
            <source>print job {job_id} has already finished</source>
            <translation>lệnh in {job_id} đã kết thúc</translation>
        </message>
        <message>
            <source>unknown print job kind {kind!r}; one of {kinds}</source>
            <translation>loại lệnh in {kind!r} không hợp lệ; phải là một trong: {kinds}</translation>
        </message>
        <message>
            <source>unknown print outcome {outcome!r}</source>
            <translation>kết quả in không xác định {outcome!r}</translation>
        </message>
        <message>
            <source>a return has at most {most} lines</source>
            <translation>một phiếu trả hàng có tối đa {most} dòng</translation>
        </message>
        <message>
            <source>a return needs at least one line</source>
            <translation>phiếu trả hàng cần ít nhất một dòng</translation>
        </message>
        <message>
            <source>only {on_hand} {unit} of {name} are not in a lot; name the lot going back</source>
            <translation>chỉ có {on_hand} {unit} {name} không theo lô; hãy chọn lô trả lại</translation>
        </message>
        <message>
            <source>return line must be {{'product_id', 'qty', 'lot_no'}}, not {line!r}</source>
            <translation>dòng trả hàng phải là {{'product_id', 'qty', 'lot_no'}}, không phải {line!r}</translation>
        </message>
        <message>
            <source>say why the goods go back to the producer (reason)</source>
            <translation>hãy nhập lý do trả hàng cho nhà sản xuất</translation>
        </message>
        <message>
            <source>unknown producer {producer_id!r}</source>
            <translation>không tìm thấy nhà sản xuất {producer_id!r}</translation>
        </message>
        <message>
            <source>unknown return {return_id!r}</source>
            <translation>không có phiếu trả hàng {return_id!r}</translation>
        </message>
        <message>
            <source>{name} ({sku}) is not made by {producer}; return it on its own producer's note</source>
            <translation>{name} ({sku}) không do {producer} sản xuất; hãy trả trên phiếu của nhà sản xuất của nó</translation>
        </message>
        <message>
            <source>{name} appears twice on the return; add the quantities</source>
            <translation>{name} có hai lần trên phiếu trả hàng; hãy cộng số lượng lại</translation>
        </message>
        <message>
            <source>a promotion needs an id</source>
            <translation>khuyến mãi cần có mã</translation>
        </message>
        <message>
            <source>a promotion must be a record of named values</source>
            <translation>khuyến mãi phải là một bản ghi có tên trường</translation>
        </message>
        <message>
            <source>promotion carrier must be one of {kinds}</source>
            <translation>bên chịu khuyến mãi phải là một trong: {kinds}</translation>
        </message>
        <message>
            <source>promotion kind must be one of {kinds}</source>
            <translation>loại khuyến mãi phải là một trong: {kinds}</translation>
        </message>
        <message>
            <source>promotion target must be one of {kinds}</source>
            <translation>đối tượng khuyến mãi phải là một trong: {kinds}</translation>
        </message>
        <message>
            <source>promotion weekdays are ISO digits 1 (Monday) to 7 (Sunday)</source>
            <translation>ngày trong tuần của khuyến mãi là các số 1 (thứ Hai) đến 7 (Chủ nhật)</translation>
        </message>
        <message>
            <source>promotion {field} must be a whole number from {low} to {high}</source>
            <translation>khuyến mãi: {field} phải là số nguyên từ {low} đến {high}</translation>
        </message>
        <message>
            <source>promotion {field} must be text of at most {limit} characters</source>
            <translation>khuyến mãi: {field} phải là chữ, tối đa {limit} ký tự</translation>
        </message>
        <message>
            <source>promotion: buy X get Y is for one product</source>
            <translation>khuyến mãi: mua X tặng Y áp dụng cho một sản phẩm</translation>
        </message>
        <message>
            <source>promotion: buy and get quantities must be above 0</source>
            <translation>khuyến mãi: số lượng mua và số lượng tặng phải lớn hơn 0</translation>
        </message>
        <message>
            <source>promotion: name the gift and its quantity</source>
            <translation>khuyến mãi: hãy chọn quà tặng và số lượng</translation>
        </message>
        <message>
            <source>promotion: name the product, category or producer it applies to</source>
            <translation>khuyến mãi: hãy chọn sản phẩm, nhóm hàng hoặc nhà sản xuất được áp dụng</translation>
        </message>
        <message>
            <source>promotion: the amount off must be more than 0</source>
            <translation>khuyến mãi: số tiền giảm phải lớn hơn 0</translation>
        </message>
        <message>
            <source>promotion: the end day is before the start day</source>
            <translation>khuyến mãi: ngày kết thúc trước ngày bắt đầu</translation>
        </message>
        <message>
            <source>promotion: the hours window is empty</source>
            <translation>khuyến mãi: khung giờ trống</translation>
        </message>
        <message>
            <source>promotion: the percentage must be 1 to 100</source>
            <translation>khuyến mãi: phần trăm giảm phải từ 1 đến 100</translation>
        </message>
        <message>
            <source>a recall names a lot number of 1 to {most} characters: {value!r}</source>
            <translation>lệnh thu hồi phải ghi số lô từ 1 đến {most} ký tự: {value!r}</translation>
        </message>
        <message>
            <source>{name}: lot {lot} is recalled ({reason}); it must not be sold, take it off the shelf</source>
            <translation>{name}: lô {lot} đã bị thu hồi ({reason}); không được bán, hãy đưa khỏi kệ</translation>
        </message>
        <message>
            <source>choose at least one line to refund</source>
            <translation>hãy chọn ít nhất một dòng để trả hàng</translation>
        </message>
        <message>
            <source>refund quantity must be a positive whole number: {qty!r}</source>
            <translation>số lượng trả phải là số nguyên lớn hơn 0: {qty!r}</translation>
        </message>
        <message>
            <source>{receipt_no} has a supplement: void the supplement first</source>
            <translation>{receipt_no} có phiếu bổ sung: hãy hủy phiếu bổ sung trước</translation>
        </message>
        <message>
            <source>{receipt_no} raised prices on units refunded since: it can no longer be voided</source>
            <translation>{receipt_no} đã tăng đơn giá của hàng được trả lại sau đó: không thể hủy nữa</translation>
        </message>
        <message>
            <source>days must be YYYY-MM-DD: {start_day!r} .. {end_day!r}</source>
            <translation>ngày phải có dạng YYYY-MM-DD: {start_day!r} .. {end_day!r}</translation>
        </message>
        <message>
            <source>the period ends ({end}) before it starts ({start})</source>
            <translation>ngày kết thúc ({end}) trước ngày bắt đầu ({start})</translation>
        </message>
        <message>
            <source>a tax code has 10 digits, or 13 for a branch (0312345678-001), not {value!r}</source>
            <translation>mã số thuế có 10 chữ số, hoặc 13 với chi nhánh (0312345678-001), không phải {value!r}</translation>
        </message>
        <message>
            <source>an amount in words needs whole đồng</source>
            <translation>số tiền bằng chữ phải là số đồng nguyên</translation>
        </message>
        <message>
            <source>invoice number {number} is beyond what symbol {symbol} can issue in one year; ask the office for a new symbol</source>
            <translation>số hóa đơn {number} vượt quá số ký hiệu {symbol} được lập trong một năm; hãy đề nghị văn phòng cấp ký hiệu mới</translation>
        </message>
        <message>
            <source>invoice symbol must be C, two digits of the year, M and two capital letters (e.g. C26MBL), not {value!r}</source>
            <translation>ký hiệu hóa đơn phải gồm C, hai chữ số của năm, M và hai chữ cái in hoa (ví dụ C26MBL), không phải {value!r}</translation>
        </message>
        <message>
            <source>invoice template must be 1 (VAT invoice) or 2 (sales invoice), not {value!r}</source>
            <translation>mẫu số hóa đơn phải là 1 (hóa đơn GTGT) hoặc 2 (hóa đơn bán hàng), không phải {value!r}</translation>
        </message>
        <message>
            <source>tax code {value} is mistyped: its check digit is wrong</source>
            <translation>mã số thuế {value} bị nhập sai: chữ số kiểm tra không đúng</translation>
        </message>
        <message>
            <source>the tax authority's seller code must be 5 capital letters or digits, not {value!r}</source>
            <translation>mã cơ quan thuế cấp cho người bán phải gồm 5 chữ cái in hoa hoặc chữ số, không phải {value!r}</translation>
        </message>
        <message>
            <source>the promotions changed before payment: the total is now {total:vnd}; tell the customer and take the payment again</source>
            <translation>khuyến mãi đã thay đổi trước khi thanh toán: tổng tiền nay là {total:vnd}; hãy báo khách và nhận thanh toán lại</translation>
        </message>
        <message>
            <source>a refund cannot be voided</source>
            <translation>không thể hủy phiếu trả hàng</translation>
        </message>
        <message>
            <source>a refund needs a reason</source>
            <translation>trả hàng phải có lý do</translation>
        </message>
        <message>
            <source>a sale with nothing to pay takes no payment</source>
            <translation>đơn hàng không phải trả tiền thì không nhận thanh toán</translation>
        </message>
        <message>
            <source>a void needs a reason</source>
            <translation>hủy hóa đơn phải có lý do</translation>
        </message>
        <message>
            <source>cash {tendered:vnd} is short of {remaining:vnd}</source>
            <translation>tiền mặt {tendered:vnd} chưa đủ {remaining:vnd}</translation>
        </message>
        <message>
            <source>line {line_id} is not on receipt {receipt_no}</source>
            <translation>dòng {line_id} không có trên hóa đơn {receipt_no}</translation>
        </message>
        <message>
            <source>line {line_no} raised a price: refund the sold line, its raise comes back with it</source>
            <translation>dòng {line_no} là phần tăng đơn giá: hãy trả dòng hàng đã bán, phần tăng được hoàn cùng</translation>
        </message>
        <message>
            <source>line {line_no}: {asked} asked, only {left} of {sold} left to refund</source>
            <translation>dòng {line_no}: muốn trả {asked}, nhưng trong {sold} đã bán chỉ còn {left} có thể trả</translation>
        </message>
        <message>
            <source>money cannot be given back this way</source>
            <translation>không thể hoàn tiền theo cách này</translation>
        </message>
        <message>
            <source>no bank account is set up for VietQR (Settings)</source>
            <translation>chưa cài đặt tài khoản ngân hàng cho VietQR (Cài đặt)</translation>
        </message>
        <message>
            <source>no payment given</source>
            <translation>chưa nhận thanh toán nào</translation>
        </message>
        <message>
            <source>only a manager can approve this</source>
            <translation>chỉ quản lý mới được duyệt việc này</translation>
        </message>
        <message>
            <source>only one way of paying in a sale can give change</source>
            <translation>trong một hóa đơn chỉ một cách thanh toán được trả lại tiền thừa</translation>
        </message>
        <message>
            <source>open a shift before selling</source>
            <translation>hãy mở ca trước khi bán hàng</translation>
        </message>
        <message>
            <source>payments are {remaining:vnd} short of the total</source>
            <translation>các khoản thanh toán còn thiếu {remaining:vnd} so với tổng tiền</translation>
        </message>
        <message>
            <source>payments that give no change cannot be more than the total</source>
            <translation>các khoản thanh toán không trả lại tiền thừa không được vượt quá tổng tiền</translation>
        </message>
        <message>
            <source>the sale changed while voiding; try again</source>
            <translation>hóa đơn đã thay đổi trong lúc hủy; hãy thử lại</translation>
        </message>
        <message>
            <source>the sale is already covered without the cash</source>
            <translation>đơn hàng đã đủ tiền mà không cần tiền mặt</translation>
        </message>
        <message>
            <source>unknown or inactive staff member</source>
            <translation>nhân viên không tồn tại hoặc đã ngừng hoạt động</translation>
        </message>
        <message>
            <source>{receipt_no} belongs to a closed shift: refund it instead of voiding</source>
            <translation>hóa đơn {receipt_no} thuộc ca đã đóng: hãy làm trả hàng thay vì hủy</translation>
        </message>
        <message>
            <source>{receipt_no} has refunds: it can no longer be voided</source>
            <translation>hóa đơn {receipt_no} đã có trả hàng: không thể hủy nữa</translation>
        </message>
        <message>
            <source>{receipt_no} is a refund: it cannot be refunded again</source>
            <translation>{receipt_no} là phiếu trả hàng: không thể trả hàng lần nữa</translation>
        </message>
        <message>
            <source>{receipt_no} is already voided</source>
            <translation>hóa đơn {receipt_no} đã bị hủy rồi</translation>
        </message>
        <message>
            <source>{receipt_no} was voided: there is nothing to refund</source>
            <translation>hóa đơn {receipt_no} đã bị hủy: không còn gì để trả hàng</translation>
        </message>
        <message>
            <source>e-invoice seller {tax_code} has no name</source>
            <translation>người bán {tax_code} trong cài đặt hóa đơn điện tử chưa có tên</translation>
        </message>
        <message>
            <source>each e-invoice seller must be an object</source>
            <translation>mỗi người bán trong cài đặt hóa đơn điện tử phải là một bản ghi</translation>
        </message>
        <message>
            <source>only one seller can be the booth operator</source>
            <translation>chỉ một người bán được là đơn vị vận hành gian hàng</translation>
        </message>
        <message>
            <source>producer {producer_id} is delegated to two sellers</source>
            <translation>nhà sản xuất {producer_id} được ủy nhiệm cho hai người bán</translation>
        </message>
        <message>
            <source>producer_ids of seller {tax_code} must be a list of ids</source>
            <translation>danh sách nhà sản xuất của người bán {tax_code} phải là danh sách mã</translation>
        </message>
        <message>
            <source>seller {tax_code} is listed twice</source>
            <translation>người bán {tax_code} bị liệt kê hai lần</translation>
        </message>
        <message>
            <source>seller {tax_code} is neither the operator nor delegated by any producer</source>
            <translation>người bán {tax_code} không phải đơn vị vận hành và không được nhà sản xuất nào ủy nhiệm</translation>
        </message>
        <message>
            <source>the delegate of seller {tax_code} must be an object</source>
            <translation>bên được ủy nhiệm của người bán {tax_code} phải là một bản ghi</translation>
        </message>
        <message>
            <source>the e-invoice settings must be an object</source>
            <translation>cài đặt hóa đơn điện tử phải là một bản ghi</translation>
        </message>
        <message>
            <source>the e-invoicing start day must be a date (YYYY-MM-DD), not {value!r}</source>
            <translation>ngày bắt đầu lập hóa đơn điện tử phải là một ngày (YYYY-MM-DD), không phải {value!r}</translation>
        </message>
        <message>
            <source>the operator {tax_code} invoices in its own name: it has no delegate</source>
            <translation>đơn vị vận hành {tax_code} lập hóa đơn đứng tên mình: không có bên được ủy nhiệm</translation>
        </message>
        <message>
            <source>only {on_hand} {unit} of {name} in stock</source>
            <translation>chỉ còn {on_hand} {unit} {name} trong kho</translation>
        </message>
        <message>
            <source>{name} is not a gift set</source>
            <translation>{name} không phải là hộp quà</translation>
        </message>
        <message>
            <source>{qty} boxes need {need} {unit} of {name}; only {on_hand} in stock</source>
            <translation>{qty} hộp cần {need} {unit} {name}; trong kho chỉ còn {on_hand}</translation>
        </message>
        <message>
            <source>a gift set is sold by the unit, not by weight</source>
            <translation>hộp quà bán theo đơn vị, không bán theo cân</translation>
        </message>
        <message>
            <source>a set cannot contain another set</source>
            <translation>một hộp quà không thể chứa hộp quà khác</translation>
        </message>
        <message>
            <source>a set has at most {most} components</source>
            <translation>một hộp quà có tối đa {most} thành phần</translation>
        </message>
        <message>
            <source>unknown product {product_id!r}</source>
            <translation>không tìm thấy sản phẩm {product_id!r}</translation>
        </message>
        <message>
            <source>{field} must be an object</source>
            <translation>{field} phải là một đối tượng</translation>
        </message>
        <message>
            <source>{name}: the set's components were already given back</source>
            <translation>{name}: các thành phần của hộp quà đã được trả lại rồi</translation>
        </message>
        <message>
            <source>{product_id!r} cannot be a component of a set</source>
            <translation>{product_id!r} không thể là thành phần của hộp quà</translation>
        </message>
        <message>
            <source>{set}: only expired lots of {name} are left; a gift set never takes an expired lot</source>
            <translation>{set}: {name} chỉ còn các lô đã hết hạn; hộp quà không bao giờ lấy hàng hết hạn</translation>
        </message>
        <message>
            <source>bank BIN must be 6 digits</source>
            <translation>mã BIN ngân hàng phải gồm 6 chữ số</translation>
        </message>
        <message>
            <source>bank account: letters and digits only</source>
            <translation>số tài khoản ngân hàng chỉ gồm chữ cái và chữ số</translation>
        </message>
        <message>
            <source>cash variance needing a manager: a whole number of đồng, 0 or more</source>
            <translation>mức chênh lệch tiền mặt cần quản lý duyệt: số đồng nguyên, từ 0 trở lên</translation>
        </message>
        <message>
            <source>customer screen: the name of a screen, or empty for none</source>
            <translation>màn hình khách hàng: tên một màn hình, hoặc để trống nếu không dùng</translation>
        </message>
        <message>
            <source>device code: 2-12 capital letters or digits, e.g. HN01</source>
            <translation>mã thiết bị: 2-12 chữ in hoa hoặc chữ số, ví dụ HN01</translation>
        </message>
        <message>
            <source>location kind must be one of {kinds}</source>
            <translation>loại điểm bán phải là một trong: {kinds}</translation>
        </message>
        <message>
            <source>nightly reconcile time must be HH:MM, e.g. 23:30</source>
            <translation>giờ đối soát hằng đêm phải có dạng HH:MM, ví dụ 23:30</translation>
        </message>
        <message>
            <source>picture cache: a whole number of MB, 16 or more</source>
            <translation>bộ nhớ đệm ảnh: số nguyên MB, từ 16 trở lên</translation>
        </message>
        <message>
            <source>picture prefetch must be thumbs, all or none</source>
            <translation>tải ảnh trước phải là thumbs, all hoặc none</translation>
        </message>
        <message>
            <source>printer width must be 384, 512 or 576 dots</source>
            <translation>khổ máy in phải là 384, 512 hoặc 576 điểm</translation>
        </message>
        <message>
            <source>public address: http(s)://host[/path], not {value!r}</source>
            <translation>địa chỉ công khai phải có dạng http(s)://tên-máy[/đường-dẫn], không phải {value!r}</translation>
        </message>
        <message>
            <source>scanner pace: {low} to {high} ms between keys</source>
            <translation>tốc độ máy quét: {low} đến {high} ms giữa hai phím</translation>
        </message>
        <message>
            <source>scanner prefix must start with a sign that is not in barcodes, e.g. §</source>
            <translation>tiền tố máy quét phải bắt đầu bằng một ký hiệu không có trong mã vạch, vd. §</translation>
        </message>
        <message>
            <source>scanner settings must be a mapping</source>
            <translation>cài đặt máy quét phải là một bảng giá trị</translation>
        </message>
        <message>
            <source>scanner {key}: at most {n} printable characters, no spaces</source>
            <translation>máy quét, {key}: tối đa {n} ký tự in được, không có dấu cách</translation>
        </message>
        <message>
            <source>unknown setting {key!r}</source>
            <translation>không có cài đặt {key!r}</translation>
        </message>
        <message>
            <source>a shift is already open on this kiosk</source>
            <translation>máy này đang có một ca mở</translation>
        </message>
        <message>
            <source>cash in/out needs a reason</source>
            <translation>nộp/rút tiền mặt phải có lý do</translation>
        </message>
        <message>
            <source>counted cash must be a whole number of đồng: {value!r}</source>
            <translation>tiền mặt đếm được phải là số đồng nguyên: {value!r}</translation>
        </message>
        <message>
            <source>counted cash must be an amount or notes per denomination</source>
            <translation>tiền mặt đếm được phải là một số tiền hoặc số tờ theo từng mệnh giá</translation>
        </message>
        <message>
            <source>direction must be 'in' or 'out'</source>
            <translation>chiều phải là 'in' (nộp vào) hoặc 'out' (rút ra)</translation>
        </message>
        <message>
            <source>more cash out than the drawer should hold</source>
            <translation>số tiền rút ra nhiều hơn số tiền lẽ ra có trong két</translation>
        </message>
        <message>
            <source>no shift is open</source>
            <translation>chưa có ca nào đang mở</translation>
        </message>
        <message>
            <source>no shift {shift_id}</source>
            <translation>không có ca {shift_id}</translation>
        </message>
        <message>
            <source>number of {denom:vnd} notes must be a whole number &gt;= 0</source>
            <translation>số tờ {denom:vnd} phải là số nguyên từ 0 trở lên</translation>
        </message>
        <message>
            <source>report kind is x_report or z_report</source>
            <translation>loại báo cáo phải là x_report hoặc z_report</translation>
        </message>
        <message>
            <source>the amount must be a whole number of đồng above zero: {value!r}</source>
            <translation>số tiền phải là số đồng nguyên lớn hơn 0: {value!r}</translation>
        </message>
        <message>
            <source>the counted cash {counted:vnd} differs from the expected {expected:vnd} by {variance:vnd}, more than {limit:vnd}: a manager must approve closing the shift</source>
            <translation>tiền mặt đã đếm {counted:vnd} lệch {variance:vnd} so với dự kiến {expected:vnd}, quá {limit:vnd}: quản lý phải duyệt việc đóng ca</translation>
        </message>
        <message>
            <source>the opening float must be a whole number of đồng: {value!r}</source>
            <translation>tiền đầu ca phải là số đồng nguyên: {value!r}</translation>
        </message>
        <message>
            <source>the shift was closed meanwhile</source>
            <translation>ca đã được đóng trong lúc đó</translation>
        </message>
        <message>
            <source>{denom:vnd} is not a Vietnamese banknote we count</source>
            <translation>{denom:vnd} không phải mệnh giá tiền Việt Nam được kiểm đếm</translation>
        </message>
        <message>
            <source>PIN must be 4 to 8 digits</source>
            <translation>mã PIN phải gồm 4 đến 8 chữ số</translation>
        </message>
        <message>
            <source>a manager must approve this</source>
            <translation>việc này phải được quản lý duyệt</translation>
        </message>
        <message>
            <source>approval needs an action name</source>
            <translation>yêu cầu duyệt phải có tên thao tác</translation>
        </message>
        <message>
            <source>no active staff member has the code {code}</source>
            <translation>không có nhân viên đang làm việc nào mang mã {code}</translation>
        </message>
        <message>
            <source>no manager has that PIN, {attempts_left} attempt(s) left</source>
            <translation>không có quản lý nào dùng mã PIN này, còn {attempts_left} lần thử</translation>
        </message>
        <message>
            <source>only a manager can change another person's PIN</source>
            <translation>chỉ quản lý mới được đổi mã PIN của người khác</translation>
        </message>
        <message>
            <source>only an admin can change an admin's PIN</source>
            <translation>chỉ quản trị viên mới được đổi mã PIN của quản trị viên</translation>
        </message>
        <message>
            <source>only an admin can deactivate an admin</source>
            <translation>chỉ quản trị viên mới được ngừng kích hoạt quản trị viên</translation>
        </message>
        <message>
            <source>role must be one of {roles}</source>
            <translation>vai trò phải là một trong: {roles}</translation>
        </message>
        <message>
            <source>staff code {code!r} is already used</source>
            <translation>mã nhân viên {code!r} đã được dùng</translation>
        </message>
        <message>
            <source>staff code: 1-20 letters, digits, '.', '_' or '-'</source>
            <translation>mã nhân viên: 1-20 ký tự gồm chữ cái, chữ số, '.', '_' hoặc '-'</translation>
        </message>
        <message>
            <source>staff name is required</source>
            <translation>cần nhập tên nhân viên</translation>
        </message>
        <message>
            <source>staff row needs id, code and name: {code!r}</source>
            <translation>dữ liệu nhân viên cần có id, mã và tên: {code!r}</translation>
        </message>
        <message>
            <source>staff rows clash with local staff: {error}</source>
            <translation>dữ liệu nhân viên xung đột với nhân viên tại máy: {error}</translation>
        </message>
        <message>
            <source>staff {code!r}: bad PIN hash</source>
            <translation>nhân viên {code!r}: mã băm PIN không hợp lệ</translation>
        </message>
        <message>
            <source>staff {code!r}: pin_salt/pin_hash must be hex</source>
            <translation>nhân viên {code!r}: pin_salt/pin_hash phải ở dạng hex</translation>
        </message>
        <message>
            <source>staff {code!r}: role must be one of {roles}</source>
            <translation>nhân viên {code!r}: vai trò phải là một trong: {roles}</translation>
        </message>
        <message>
            <source>too many wrong PINs: {name} is locked for {minutes} min</source>
            <translation>nhập sai mã PIN quá nhiều lần: {name} bị khóa {minutes} phút</translation>
        </message>
        <message>
            <source>too many wrong manager PINs: approvals are locked for {minutes} min</source>
            <translation>nhập sai mã PIN quản lý quá nhiều lần: việc duyệt bị khóa {minutes} phút</translation>
        </message>
        <message>
            <source>unknown staff member {staff_id!r}</source>
            <translation>không tìm thấy nhân viên {staff_id!r}</translation>
        </message>
        <message>
            <source>wrong PIN, {attempts_left} attempt(s) left</source>
            <translation>sai mã PIN, còn {attempts_left} lần thử</translation>
        </message>
        <message>
            <source>you cannot deactivate yourself</source>
            <translation>bạn không thể tự ngừng kích hoạt chính mình</translation>
        </message>
        <message>
            <source>{name} is locked after too many wrong PINs; try again in {minutes} min</source>
            <translation>{name} bị khóa do nhập sai mã PIN quá nhiều lần; thử lại sau {minutes} phút</translation>
        </message>
        <message>
            <source>{name} is no longer active</source>
            <translation>{name} đã ngừng hoạt động</translation>
        </message>
        <message>
            <source>{name} is not an active manager</source>
            <translation>{name} không phải là quản lý đang hoạt động</translation>
        </message>
        <message>
            <source>a delivery needs at least one line</source>
            <translation>phiếu giao hàng phải có ít nhất một dòng</translation>
        </message>
        <message>
            <source>a lot comes in with its delivery or its transfer note</source>
            <translation>lô hàng chỉ nhập vào theo phiếu giao hàng hoặc phiếu chuyển kho</translation>
        </message>
        <message>
            <source>a manager must approve writing off {name}</source>
            <translation>xuất hủy {name} phải được quản lý duyệt</translation>
        </message>
        <message>
            <source>a stock count is already open: finish or cancel it first</source>
            <translation>đang có một phiên kiểm kho mở: hãy hoàn tất hoặc hủy nó trước</translation>
        </message>
        <message>
            <source>certificate warning days must be a whole number from 0 to {most}</source>
            <translation>số ngày báo trước hạn chứng nhận phải là số nguyên từ 0 đến {most}</translation>
        </message>
        <message>
            <source>delivery line must be {{'product_id', 'qty'}}, not {line!r}</source>
            <translation>dòng giao hàng phải có dạng {{'product_id', 'qty'}}, không phải {line!r}</translation>
        </message>
        <message>
            <source>lot {lot_no} of {name} was never received here</source>
            <translation>lô {lot_no} của {name} chưa từng được nhận ở đây</translation>
        </message>
        <message>
            <source>movement kind must be one of {kinds}, not {kind!r}</source>
            <translation>loại xuất nhập phải là một trong: {kinds}, không phải {kind!r}</translation>
        </message>
        <message>
            <source>not a position in the stock list: {after!r}</source>
            <translation>không phải vị trí hợp lệ trong danh sách tồn kho: {after!r}</translation>
        </message>
        <message>
            <source>nothing has been counted yet</source>
            <translation>chưa kiểm đếm sản phẩm nào</translation>
        </message>
        <message>
            <source>only {on_hand} {unit} of {name} in lot {lot_no}; count the lot first if that is wrong</source>
            <translation>lô {lot_no} chỉ còn {on_hand} {unit} {name}; nếu số này sai, hãy kiểm kê lô trước</translation>
        </message>
        <message>
            <source>only {on_hand} {unit} of {name} in stock; count the stock first if that is wrong</source>
            <translation>trong kho chỉ còn {on_hand} {unit} {name}; nếu số này sai, hãy kiểm kho trước</translation>
        </message>
        <message>
            <source>page size must be a whole number from 1 to {most}</source>
            <translation>số dòng mỗi trang phải là số nguyên từ 1 đến {most}</translation>
        </message>
        <message>
            <source>quantity must be more than 0, not {qty}</source>
            <translation>số lượng phải lớn hơn 0, không phải {qty}</translation>
        </message>
        <message>
            <source>say why (reason) for this stock movement</source>
            <translation>hãy ghi lý do cho lần xuất nhập kho này</translation>
        </message>
        <message>
            <source>this stock count is already approved</source>
            <translation>phiên kiểm kho này đã được duyệt rồi</translation>
        </message>
        <message>
            <source>this stock count was cancelled</source>
            <translation>phiên kiểm kho này đã bị hủy</translation>
        </message>
        <message>
            <source>unknown delivery {delivery_id!r}</source>
            <translation>không tìm thấy phiếu giao hàng {delivery_id!r}</translation>
        </message>
        <message>
            <source>unknown or inactive staff member {staff_id!r}</source>
            <translation>nhân viên {staff_id!r} không tồn tại hoặc đã ngừng hoạt động</translation>
        </message>
        <message>
            <source>unknown stock count {count_id!r}</source>
            <translation>không tìm thấy phiên kiểm kho {count_id!r}</translation>
        </message>
        <message>
            <source>{name} ({sku}) is not made by {producer}; book it on its own producer's delivery</source>
            <translation>{name} ({sku}) không do {producer} sản xuất; hãy nhập vào phiếu giao hàng của đúng nhà sản xuất</translation>
        </message>
        <message>
            <source>{name} appears twice on the delivery; add the quantities</source>
            <translation>{name} xuất hiện hai lần trên phiếu giao hàng; hãy cộng gộp số lượng</translation>
        </message>
        <message>
            <source>{qty:num} g of {name} is not believable (max {limit:num} g)</source>
            <translation>{qty:num} g {name} là con số không hợp lý (tối đa {limit:num} g)</translation>
        </message>
        <message>
            <source>{qty:num} units of {name} is not believable (max {limit:num})</source>
            <translation>{qty:num} đơn vị {name} là con số không hợp lý (tối đa {limit:num})</translation>
        </message>
        <message>
            <source>{path} is a SQLite file of another program</source>
            <translation>{path} là tệp SQLite của chương trình khác</translation>
        </message>
        <message>
            <source>{path} is not a POS database (application id {app_id:#x})</source>
            <translation>{path} không phải cơ sở dữ liệu bán hàng (mã ứng dụng {app_id:#x})</translation>
        </message>
        <message>
            <source>{path} was written by a newer OCOP POS (schema {version} &gt; {supported}); update this kiosk's software</source>
            <translation>{path} được ghi bởi phiên bản OCOP POS mới hơn (lược đồ {version} &gt; {supported}); hãy cập nhật phần mềm của máy bán hàng này</translation>
        </message>
        <message>
            <source>a supplement carries no discount: charge the goods at their price</source>
            <translation>phiếu bổ sung không có chiết khấu: tính hàng theo đúng giá</translation>
        </message>
        <message>
            <source>a supplement needs a reason</source>
            <translation>phiếu bổ sung cần có lý do</translation>
        </message>
        <message>
            <source>add goods or raise a price: the supplement must charge more than 0 ₫</source>
            <translation>thêm hàng hoặc tăng đơn giá: phiếu bổ sung phải thu hơn 0 ₫</translation>
        </message>
        <message>
            <source>line {line_no} already had its price raised: ask the office</source>
            <translation>dòng {line_no} đã được tăng đơn giá rồi: hãy liên hệ văn phòng</translation>
        </message>
        <message>
            <source>line {line_no} was given back in full: nothing to raise</source>
            <translation>dòng {line_no} đã trả lại hết: không còn gì để tăng giá</translation>
        </message>
        <message>
            <source>line {line_no}: the new price must be above {price:vnd}</source>
            <translation>dòng {line_no}: đơn giá mới phải cao hơn {price:vnd}</translation>
        </message>
        <message>
            <source>the supplement must charge more than 0 ₫</source>
            <translation>phiếu bổ sung phải thu hơn 0 ₫</translation>
        </message>
        <message>
            <source>{receipt_no} has no e-invoice to adjust: sell the difference as a new sale</source>
            <translation>{receipt_no} không có hóa đơn điện tử để điều chỉnh: hãy bán phần chênh lệch thành đơn mới</translation>
        </message>
        <message>
            <source>{receipt_no} is a refund or was voided: it cannot be supplemented</source>
            <translation>{receipt_no} là phiếu trả hàng hoặc đã hủy: không thể bổ sung</translation>
        </message>
        <message>
            <source>{receipt_no} is itself a supplement: supplement its original sale</source>
            <translation>{receipt_no} là phiếu bổ sung: hãy bổ sung cho hóa đơn bán gốc</translation>
        </message>
        <message>
            <source>a transfer needs 1 to {most} lines</source>
            <translation>phiếu chuyển kho cần từ 1 đến {most} dòng</translation>
        </message>
        <message>
            <source>only the sending kiosk prints a transfer's note</source>
            <translation>chỉ máy chuyển hàng đi mới in phiếu chuyển kho</translation>
        </message>
        <message>
            <source>only {on_hand} {unit} of {name} are not in a lot; name the lot that goes</source>
            <translation>chỉ có {on_hand} {unit} {name} không theo lô; hãy chọn lô chuyển đi</translation>
        </message>
        <message>
            <source>product {sku} on the transfer note is not in this kiosk's catalog</source>
            <translation>sản phẩm {sku} trên phiếu chuyển kho không có trong danh mục của máy này</translation>
        </message>
        <message>
            <source>say where the goods go (the other point of sale)</source>
            <translation>hãy nhập nơi nhận hàng (điểm bán khác)</translation>
        </message>
        <message>
            <source>this is not the code of a transfer note</source>
            <translation>đây không phải mã của phiếu chuyển kho</translation>
        </message>
        <message>
            <source>this transfer note's code is damaged: scan it again</source>
            <translation>mã phiếu chuyển kho bị hỏng: hãy quét lại</translation>
        </message>
        <message>
            <source>transfer line must be {{'product_id', 'qty', 'lot_no'}}, not {line!r}</source>
            <translation>dòng chuyển kho phải là {{'product_id', 'qty', 'lot_no'}}, không phải {line!r}</translation>
        </message>
        <message>
            <source>transfer {no} was already taken in here</source>
            <translation>phiếu chuyển kho {no} đã được nhận ở đây rồi</translation>
        </message>
        <message>
            <source>transfer {no} was sent from this kiosk; it is taken in at the other one</source>
            <translation>phiếu chuyển kho {no} được chuyển đi từ máy này; hãy nhận ở điểm bán kia</translation>
        </message>
        <message>
            <source>unknown transfer {transfer_id!r}</source>
            <translation>không có phiếu chuyển kho {transfer_id!r}</translation>
        </message>
        <message>
            <source>{name} appears twice on the transfer; add the quantities</source>
            <translation>{name} có hai lần trên phiếu chuyển kho; hãy cộng số lượng lại</translation>
        </message>
        <message>
            <source>a scheduled VAT change is for one product or one category</source>
            <translation>lịch thay đổi thuế suất GTGT chỉ áp dụng cho một sản phẩm hoặc một nhóm hàng</translation>
        </message>
        <message>
            <source>a scheduled VAT change needs an id</source>
            <translation>lịch thay đổi thuế suất GTGT thiếu mã</translation>
        </message>
        <message>
            <source>CRC mismatch</source>
            <translation>mã CRC không khớp</translation>
        </message>
        <message>
            <source>VietQR amount must be a positive whole number of đồng: {amount!r}</source>
            <translation>số tiền VietQR phải là số đồng nguyên lớn hơn 0: {amount!r}</translation>
        </message>
        <message>
            <source>VietQR field {tag} longer than 99 characters</source>
            <translation>trường VietQR {tag} dài quá 99 ký tự</translation>
        </message>
        <message>
            <source>VietQR purpose and reference must be plain ASCII</source>
            <translation>nội dung và mã tham chiếu VietQR chỉ được dùng ký tự ASCII không dấu</translation>
        </message>
        <message>
            <source>bad TLV length at {pos}</source>
            <translation>độ dài TLV sai tại vị trí {pos}</translation>
        </message>
        <message>
            <source>bank BIN must be 6 digits: {bin_code!r}</source>
            <translation>mã BIN ngân hàng phải gồm 6 chữ số: {bin_code!r}</translation>
        </message>
        <message>
            <source>bank account must be 1-19 letters/digits: {account!r}</source>
            <translation>số tài khoản ngân hàng phải gồm 1-19 chữ cái/chữ số: {account!r}</translation>
        </message>
        <message>
            <source>no CRC field</source>
            <translation>thiếu trường CRC</translation>
        </message>
        <message>
            <source>not a NAPAS VietQR payload</source>
            <translation>không phải dữ liệu VietQR của NAPAS</translation>
        </message>
        <message>
            <source>truncated TLV</source>
            <translation>dữ liệu TLV bị cắt cụt</translation>
        </message>
        <message>
            <source>truncated TLV value</source>
            <translation>giá trị TLV bị cắt cụt</translation>
        </message>
        <message>
            <source>a percentage voucher is at most 100 %: {value!r}</source>
            <translation>phiếu giảm theo phần trăm tối đa 100 %: {value!r}</translation>
        </message>
        <message>
            <source>a voucher change must be an object</source>
            <translation>thay đổi phiếu quà tặng phải là một đối tượng</translation>
        </message>
        <message>
            <source>voucher code {code!r} is malformed</source>
            <translation>mã phiếu {code!r} không đúng dạng</translation>
        </message>
        <message>
            <source>voucher expiry must be a day (YYYY-MM-DD): {value!r}</source>
            <translation>hạn dùng của phiếu phải là một ngày (YYYY-MM-DD): {value!r}</translation>
        </message>
        <message>
            <source>voucher kind must be amount or percent: {kind!r}</source>
            <translation>loại phiếu phải là số tiền hoặc phần trăm: {kind!r}</translation>
        </message>
        <message>
            <source>voucher {code} expired on {day}</source>
            <translation>phiếu {code} đã hết hạn ngày {day}</translation>
        </message>
        <message>
            <source>voucher {code} is not allotted to this kiosk, or its uses here are spent: check it online</source>
            <translation>phiếu {code} không được phân cho ki-ốt này, hoặc đã dùng hết lượt ở đây: cần kiểm tra trực tuyến</translation>
        </message>
        <message>
            <source>voucher {code} is not valid at this kiosk</source>
            <translation>phiếu {code} không dùng được ở ki-ốt này</translation>
        </message>
        <message>
            <source>voucher {code} pays at most {limit:vnd} of this sale</source>
            <translation>phiếu {code} chỉ trả tối đa {limit:vnd} cho đơn này</translation>
        </message>
        <message>
            <source>voucher {field} must be a whole number of at least {low}: {value!r}</source>
            <translation>trường {field} của phiếu phải là số nguyên từ {low} trở lên: {value!r}</translation>
        </message>
        <message>
            <source>vouchers must be a list</source>
            <translation>danh sách phiếu (vouchers) phải là một danh sách</translation>
        </message>
    </context>
</TS>
