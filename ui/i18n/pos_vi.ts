<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
    <context>
        <name>PosErrors</name>
        <message>
            <location filename="../../pos/barcodes.py" line="27" />
            <source>barcode must be digits: {code!r}</source>
            <translation>mã vạch chỉ được gồm chữ số: {code!r}</translation>
        </message>
        <message>
            <location filename="../../pos/barcodes.py" line="58" />
            <source>empty barcode</source>
            <translation>mã vạch trống</translation>
        </message>
        <message>
            <location filename="../../pos/barcodes.py" line="62" />
            <source>wrong check digit in {code}: expected {expected}</source>
            <translation>số kiểm tra của mã {code} bị sai: đúng ra phải là {expected}</translation>
        </message>
        <message>
            <location filename="../../pos/barcodes.py" line="65" />
            <source>{code} has {digits} digits; GS1 codes have 8, 12, 13 or 14</source>
            <translation>mã {code} có {digits} chữ số; mã GS1 phải có 8, 12, 13 hoặc 14 chữ số</translation>
        </message>
        <message>
            <location filename="../../pos/barcodes.py" line="67" />
            <source>not a barcode: {shown!r}</source>
            <translation>không phải mã vạch: {shown!r}</translation>
        </message>
        <message>
            <location filename="../../pos/barcodes.py" line="113" />
            <source>weight label {code} carries no weight</source>
            <translation>tem cân {code} không ghi khối lượng</translation>
        </message>
        <message>
            <location filename="../../pos/barcodes.py" line="118" />
            <source>price label {code} carries no price</source>
            <translation>tem giá {code} không ghi giá</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="69" />
            <location filename="../../pos/stock.py" line="37" />
            <source>quantity must be a whole number, not {qty!r}</source>
            <translation>số lượng phải là số nguyên, không phải {qty!r}</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="72" />
            <source>quantity must be more than zero</source>
            <translation>số lượng phải lớn hơn 0</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="74" />
            <source>quantity {qty:num} g is too large (at most {limit:num} g)</source>
            <translation>số lượng {qty:num} g quá lớn (tối đa {limit:num} g)</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="76" />
            <source>quantity {qty:num} is too large (at most {limit:num} units)</source>
            <translation>số lượng {qty:num} quá lớn (tối đa {limit:num} đơn vị)</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="82" />
            <source>discount must be a whole number of đồng, zero or more</source>
            <translation>số tiền giảm giá phải là số đồng nguyên, từ 0 trở lên</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="84" />
            <source>discount {amount:vnd} is more than the amount {base:vnd}</source>
            <translation>giảm giá {amount:vnd} lớn hơn số tiền {base:vnd}</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="86" />
            <source>a discount needs a reason</source>
            <translation>giảm giá phải có lý do</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="88" />
            <source>a discount above {threshold_pct} % needs a manager</source>
            <translation>giảm giá trên {threshold_pct} % phải được quản lý duyệt</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="111" />
            <source>{name} is sold per unit, not by weight: a weight label cannot ring it up</source>
            <translation>{name} bán theo đơn vị, không bán theo cân: không thể tính tiền bằng tem cân</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="116" />
            <source>{name} is sold by weight: enter the grams</source>
            <translation>{name} bán theo cân: hãy nhập số gam</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="121" />
            <source>label price {price!r} is not valid</source>
            <translation>giá trên tem {price!r} không hợp lệ</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="140" />
            <source>no line {line_no} in the cart</source>
            <translation>giỏ hàng không có dòng {line_no}</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="146" />
            <source>a price-labelled piece is sold as it is labelled</source>
            <translation>hàng dán tem giá được bán đúng như trên tem</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="151" />
            <source>remove the line discount before lowering the quantity below it</source>
            <translation>hãy bỏ giảm giá của dòng trước khi giảm số lượng xuống dưới mức đó</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="190" />
            <source>the sale would be larger than 10 billion đồng</source>
            <translation>đơn hàng sẽ vượt quá 10 tỷ đồng</translation>
        </message>
        <message>
            <location filename="../../pos/cart.py" line="218" />
            <source>the cart is empty</source>
            <translation>giỏ hàng đang trống</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="54" />
            <source>{field}: not a date (YYYY-MM-DD): {value!r}</source>
            <translation>{field}: không phải ngày hợp lệ (YYYY-MM-DD): {value!r}</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="72" />
            <source>producer name is required</source>
            <translation>cần nhập tên nhà sản xuất</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="74" />
            <source>producer code is required</source>
            <translation>cần nhập mã nhà sản xuất</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="76" />
            <source>producer kind must be one of {kinds}</source>
            <translation>loại nhà sản xuất phải là một trong: {kinds}</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="79" />
            <source>commission must be 0-100 % (0-10000 basis points)</source>
            <translation>hoa hồng phải từ 0 đến 100 % (0-10000 điểm cơ bản)</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="104" />
            <location filename="../../pos/catalog.py" line="143" />
            <source>unknown producer {producer_id}</source>
            <translation>không tìm thấy nhà sản xuất {producer_id}</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="111" />
            <source>category name is required</source>
            <translation>cần nhập tên danh mục</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="137" />
            <source>SKU is required</source>
            <translation>cần nhập mã hàng (SKU)</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="139" />
            <source>Vietnamese name is required</source>
            <translation>cần nhập tên tiếng Việt</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="141" />
            <source>producer is required</source>
            <translation>cần chọn nhà sản xuất</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="145" />
            <source>unknown category {category_id}</source>
            <translation>không tìm thấy danh mục {category_id}</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="148" />
            <source>price must be a whole number of đồng from 0 to 1.000.000.000</source>
            <translation>giá phải là số đồng nguyên từ 0 đến 1.000.000.000</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="150" />
            <source>VAT rate must be 0, 5, 8 or 10 %</source>
            <translation>thuế suất VAT phải là 0, 5, 8 hoặc 10 %</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="152" />
            <source>OCOP stars must be 3, 4 or 5</source>
            <translation>số sao OCOP phải là 3, 4 hoặc 5</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="154" />
            <source>sold_by_weight must be 0 or 1</source>
            <translation>sold_by_weight (bán theo cân) phải là 0 hoặc 1</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="157" />
            <source>low-stock threshold must be a whole number &gt;= 0</source>
            <translation>ngưỡng sắp hết hàng phải là số nguyên từ 0 trở lên</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="193" />
            <source>SKU {sku} is already used by another product</source>
            <translation>mã hàng {sku} đã được dùng cho sản phẩm khác</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="229" />
            <source>barcode {code} already belongs to another product</source>
            <translation>mã vạch {code} đã thuộc về sản phẩm khác</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="251" />
            <location filename="../../pos/catalog.py" line="261" />
            <location filename="../../pos/catalog.py" line="279" />
            <source>unknown product {product_id}</source>
            <translation>không tìm thấy sản phẩm {product_id}</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="289" />
            <source>no product with SKU {sku}</source>
            <translation>không có sản phẩm nào có mã hàng {sku}</translation>
        </message>
        <message>
            <location filename="../../pos/catalog.py" line="322" />
            <source>no product has barcode {code}</source>
            <translation>không có sản phẩm nào mang mã vạch {code}</translation>
        </message>
        <message>
            <location filename="../../pos/demo.py" line="69" />
            <source>demo product {sku}: unknown producer or category</source>
            <translation>sản phẩm mẫu {sku}: không rõ nhà sản xuất hoặc danh mục</translation>
        </message>
        <message>
            <location filename="../../pos/demo.py" line="163" />
            <source>synthetic catalog size must be 0 to 10,000,000</source>
            <translation>số sản phẩm của danh mục thử nghiệm phải từ 0 đến 10.000.000</translation>
        </message>
        <message>
            <location filename="../../pos/demo.py" line="231" />
            <source>this database already holds a synthetic catalog</source>
            <translation>cơ sở dữ liệu này đã có danh mục thử nghiệm</translation>
        </message>
        <message>
            <location filename="../../pos/held.py" line="14" />
            <source>nothing to hold: the cart is empty</source>
            <translation>không có gì để giữ đơn: giỏ hàng đang trống</translation>
        </message>
        <message>
            <location filename="../../pos/held.py" line="38" />
            <source>that held sale no longer exists</source>
            <translation>đơn đang giữ đó không còn nữa</translation>
        </message>
        <message>
            <location filename="../../pos/print_jobs.py" line="30" />
            <source>unknown print job kind {kind!r}; one of {kinds}</source>
            <translation>loại lệnh in {kind!r} không hợp lệ; phải là một trong: {kinds}</translation>
        </message>
        <message>
            <location filename="../../pos/print_jobs.py" line="33" />
            <source>print job payload must be a document (dict)</source>
            <translation>nội dung lệnh in phải là một tài liệu (dict)</translation>
        </message>
        <message>
            <location filename="../../pos/print_jobs.py" line="66" />
            <location filename="../../pos/print_jobs.py" line="101" />
            <source>no print job {job_id}</source>
            <translation>không có lệnh in {job_id}</translation>
        </message>
        <message>
            <location filename="../../pos/reports.py" line="26" />
            <source>days must be YYYY-MM-DD: {start_day!r} .. {end_day!r}</source>
            <translation>ngày phải có dạng YYYY-MM-DD: {start_day!r} .. {end_day!r}</translation>
        </message>
        <message>
            <location filename="../../pos/reports.py" line="29" />
            <source>the period ends ({end}) before it starts ({start})</source>
            <translation>ngày kết thúc ({end}) trước ngày bắt đầu ({start})</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="58" />
            <source>open a shift before selling</source>
            <translation>hãy mở ca trước khi bán hàng</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="66" />
            <source>only a manager can approve this</source>
            <translation>chỉ quản lý mới được duyệt việc này</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="72" />
            <location filename="../../pos/shifts.py" line="24" />
            <source>unknown or inactive staff member</source>
            <translation>nhân viên không tồn tại hoặc đã ngừng hoạt động</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="97" />
            <source>no bank account is set up for VietQR (Settings)</source>
            <translation>chưa cài đặt tài khoản ngân hàng cho VietQR (Cài đặt)</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="105" />
            <source>no payment given</source>
            <translation>chưa nhận thanh toán nào</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="113" />
            <source>unknown payment method {method!r}</source>
            <translation>phương thức thanh toán {method!r} không hợp lệ</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="117" />
            <source>cash tendered must be a positive whole number of đồng: {tendered!r}</source>
            <translation>tiền mặt khách đưa phải là số đồng nguyên lớn hơn 0: {tendered!r}</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="123" />
            <source>a card or VietQR amount must be a positive whole number of đồng: {amount!r}</source>
            <translation>số tiền thẻ hoặc VietQR phải là số đồng nguyên lớn hơn 0: {amount!r}</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="129" />
            <source>card and bank transfer payments cannot be more than the total (no change on them)</source>
            <translation>thanh toán bằng thẻ và chuyển khoản không được vượt quá tổng tiền (không trả lại tiền thừa)</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="135" />
            <source>the sale is already covered without the cash</source>
            <translation>đơn hàng đã đủ tiền mà không cần tiền mặt</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="137" />
            <source>cash {tendered:vnd} is short of {remaining:vnd}</source>
            <translation>tiền mặt {tendered:vnd} chưa đủ {remaining:vnd}</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="143" />
            <source>payments are {remaining:vnd} short of the total</source>
            <translation>các khoản thanh toán còn thiếu {remaining:vnd} so với tổng tiền</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="153" />
            <source>a sale with nothing to pay takes no card or transfer</source>
            <translation>đơn hàng không phải trả tiền thì không nhận thẻ hay chuyển khoản</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="229" />
            <location filename="../../pos/sales.py" line="343" />
            <location filename="../../pos/sales.py" line="403" />
            <source>no receipt {receipt_no}</source>
            <translation>không có hóa đơn {receipt_no}</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="338" />
            <source>a void needs a reason</source>
            <translation>hủy hóa đơn phải có lý do</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="345" />
            <source>a refund cannot be voided</source>
            <translation>không thể hủy phiếu trả hàng</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="347" />
            <source>{receipt_no} is already voided</source>
            <translation>hóa đơn {receipt_no} đã bị hủy rồi</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="350" />
            <source>{receipt_no} belongs to a closed shift: refund it instead of voiding</source>
            <translation>hóa đơn {receipt_no} thuộc ca đã đóng: hãy làm trả hàng thay vì hủy</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="353" />
            <source>{receipt_no} has refunds: it can no longer be voided</source>
            <translation>hóa đơn {receipt_no} đã có trả hàng: không thể hủy nữa</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="364" />
            <source>the sale changed while voiding; try again</source>
            <translation>hóa đơn đã thay đổi trong lúc hủy; hãy thử lại</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="396" />
            <source>a refund needs a reason</source>
            <translation>trả hàng phải có lý do</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="398" />
            <source>unknown refund method {method!r}</source>
            <translation>cách hoàn tiền {method!r} không hợp lệ</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="405" />
            <source>{receipt_no} is a refund: it cannot be refunded again</source>
            <translation>{receipt_no} là phiếu trả hàng: không thể trả hàng lần nữa</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="407" />
            <source>{receipt_no} was voided: there is nothing to refund</source>
            <translation>hóa đơn {receipt_no} đã bị hủy: không còn gì để trả hàng</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="409" />
            <source>choose at least one line to refund</source>
            <translation>hãy chọn ít nhất một dòng để trả hàng</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="415" />
            <source>line {line_id} is not on receipt {receipt_no}</source>
            <translation>dòng {line_id} không có trên hóa đơn {receipt_no}</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="418" />
            <source>refund quantity must be a positive whole number: {qty!r}</source>
            <translation>số lượng trả phải là số nguyên lớn hơn 0: {qty!r}</translation>
        </message>
        <message>
            <location filename="../../pos/sales.py" line="424" />
            <source>line {line_no}: {asked} asked, only {left} of {sold} left to refund</source>
            <translation>dòng {line_no}: muốn trả {asked}, nhưng trong {sold} đã bán chỉ còn {left} có thể trả</translation>
        </message>
        <message>
            <location filename="../../pos/settings.py" line="18" />
            <source>unknown setting {key!r}</source>
            <translation>không có cài đặt {key!r}</translation>
        </message>
        <message>
            <location filename="../../pos/settings.py" line="20" />
            <source>device code: 2-12 capital letters or digits, e.g. HN01</source>
            <translation>mã thiết bị: 2-12 chữ in hoa hoặc chữ số, ví dụ HN01</translation>
        </message>
        <message>
            <location filename="../../pos/settings.py" line="22" />
            <source>location kind must be one of {kinds}</source>
            <translation>loại điểm bán phải là một trong: {kinds}</translation>
        </message>
        <message>
            <location filename="../../pos/settings.py" line="25" />
            <source>bank BIN must be 6 digits</source>
            <translation>mã BIN ngân hàng phải gồm 6 chữ số</translation>
        </message>
        <message>
            <location filename="../../pos/settings.py" line="27" />
            <source>bank account: letters and digits only</source>
            <translation>số tài khoản ngân hàng chỉ gồm chữ cái và chữ số</translation>
        </message>
        <message>
            <location filename="../../pos/settings.py" line="30" />
            <source>discount approval threshold must be 0-100 %</source>
            <translation>ngưỡng duyệt giảm giá phải từ 0 đến 100 %</translation>
        </message>
        <message>
            <location filename="../../pos/settings.py" line="32" />
            <source>language must be vi or en</source>
            <translation>ngôn ngữ phải là vi hoặc en</translation>
        </message>
        <message>
            <location filename="../../pos/settings.py" line="35" />
            <source>nightly reconcile time must be HH:MM, e.g. 23:30</source>
            <translation>giờ đối soát hằng đêm phải có dạng HH:MM, ví dụ 23:30</translation>
        </message>
        <message>
            <location filename="../../pos/settings.py" line="38" />
            <source>printer width must be 384, 512 or 576 dots</source>
            <translation>khổ máy in phải là 384, 512 hoặc 576 điểm</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="36" />
            <source>the opening float must be a whole number of đồng: {value!r}</source>
            <translation>tiền đầu ca phải là số đồng nguyên: {value!r}</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="38" />
            <source>a shift is already open on this kiosk</source>
            <translation>máy này đang có một ca mở</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="55" />
            <source>direction must be 'in' or 'out'</source>
            <translation>chiều phải là 'in' (nộp vào) hoặc 'out' (rút ra)</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="57" />
            <source>the amount must be a whole number of đồng above zero: {value!r}</source>
            <translation>số tiền phải là số đồng nguyên lớn hơn 0: {value!r}</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="59" />
            <source>cash in/out needs a reason</source>
            <translation>nộp/rút tiền mặt phải có lý do</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="63" />
            <location filename="../../pos/shifts.py" line="149" />
            <source>no shift is open</source>
            <translation>chưa có ca nào đang mở</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="65" />
            <source>more cash out than the drawer should hold</source>
            <translation>số tiền rút ra nhiều hơn số tiền lẽ ra có trong két</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="81" />
            <source>no shift {shift_id}</source>
            <translation>không có ca {shift_id}</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="127" />
            <source>counted cash must be a whole number of đồng: {value!r}</source>
            <translation>tiền mặt đếm được phải là số đồng nguyên: {value!r}</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="130" />
            <source>counted cash must be an amount or notes per denomination</source>
            <translation>tiền mặt đếm được phải là một số tiền hoặc số tờ theo từng mệnh giá</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="135" />
            <source>{denom:vnd} is not a Vietnamese banknote we count</source>
            <translation>{denom:vnd} không phải mệnh giá tiền Việt Nam được kiểm đếm</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="137" />
            <source>number of {denom:vnd} notes must be a whole number &gt;= 0</source>
            <translation>số tờ {denom:vnd} phải là số nguyên từ 0 trở lên</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="159" />
            <source>the shift was closed meanwhile</source>
            <translation>ca đã được đóng trong lúc đó</translation>
        </message>
        <message>
            <location filename="../../pos/shifts.py" line="171" />
            <source>report kind is x_report or z_report</source>
            <translation>loại báo cáo phải là x_report hoặc z_report</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="38" />
            <source>PIN must be 4 to 8 digits</source>
            <translation>mã PIN phải gồm 4 đến 8 chữ số</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="55" />
            <source>unknown staff member {staff_id!r}</source>
            <translation>không tìm thấy nhân viên {staff_id!r}</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="83" />
            <source>staff code: 1-20 letters, digits, '.', '_' or '-'</source>
            <translation>mã nhân viên: 1-20 ký tự gồm chữ cái, chữ số, '.', '_' hoặc '-'</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="85" />
            <source>staff name is required</source>
            <translation>cần nhập tên nhân viên</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="87" />
            <source>role must be one of {roles}</source>
            <translation>vai trò phải là một trong: {roles}</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="90" />
            <source>staff code {code!r} is already used</source>
            <translation>mã nhân viên {code!r} đã được dùng</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="106" />
            <source>a manager must approve this</source>
            <translation>việc này phải được quản lý duyệt</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="109" />
            <source>{name} is not an active manager</source>
            <translation>{name} không phải là quản lý đang hoạt động</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="117" />
            <source>{name} is locked after too many wrong PINs; try again in {minutes} min</source>
            <translation>{name} bị khóa do nhập sai mã PIN quá nhiều lần; thử lại sau {minutes} phút</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="128" />
            <location filename="../../pos/staff.py" line="215" />
            <source>{name} is no longer active</source>
            <translation>{name} đã ngừng hoạt động</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="144" />
            <source>too many wrong PINs: {name} is locked for {minutes} min</source>
            <translation>nhập sai mã PIN quá nhiều lần: {name} bị khóa {minutes} phút</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="152" />
            <source>wrong PIN, {attempts_left} attempt(s) left</source>
            <translation>sai mã PIN, còn {attempts_left} lần thử</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="174" />
            <source>too many wrong manager PINs: approvals are locked for {minutes} min</source>
            <translation>nhập sai mã PIN quản lý quá nhiều lần: việc duyệt bị khóa {minutes} phút</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="188" />
            <source>approval needs an action name</source>
            <translation>yêu cầu duyệt phải có tên thao tác</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="206" />
            <source>no manager has that PIN, {attempts_left} attempt(s) left</source>
            <translation>không có quản lý nào dùng mã PIN này, còn {attempts_left} lần thử</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="218" />
            <source>only a manager can change another person's PIN</source>
            <translation>chỉ quản lý mới được đổi mã PIN của người khác</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="220" />
            <source>only an admin can change an admin's PIN</source>
            <translation>chỉ quản trị viên mới được đổi mã PIN của quản trị viên</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="239" />
            <source>you cannot deactivate yourself</source>
            <translation>bạn không thể tự ngừng kích hoạt chính mình</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="241" />
            <source>only an admin can deactivate an admin</source>
            <translation>chỉ quản trị viên mới được ngừng kích hoạt quản trị viên</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="258" />
            <source>staff {code!r}: pin_salt/pin_hash must be hex</source>
            <translation>nhân viên {code!r}: pin_salt/pin_hash phải ở dạng hex</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="261" />
            <source>staff row needs id, code and name: {code!r}</source>
            <translation>dữ liệu nhân viên cần có id, mã và tên: {code!r}</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="263" />
            <source>staff {code!r}: role must be one of {roles}</source>
            <translation>nhân viên {code!r}: vai trò phải là một trong: {roles}</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="266" />
            <source>staff {code!r}: bad PIN hash</source>
            <translation>nhân viên {code!r}: mã băm PIN không hợp lệ</translation>
        </message>
        <message>
            <location filename="../../pos/staff.py" line="272" />
            <source>staff rows clash with local staff: {error}</source>
            <translation>dữ liệu nhân viên xung đột với nhân viên tại máy: {error}</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="31" />
            <source>unknown product {product_id!r}</source>
            <translation>không tìm thấy sản phẩm {product_id!r}</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="40" />
            <source>quantity must be more than 0, not {qty}</source>
            <translation>số lượng phải lớn hơn 0, không phải {qty}</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="42" />
            <source>{qty:num} g of {name} is not believable (max {limit:num} g)</source>
            <translation>{qty:num} g {name} là con số không hợp lý (tối đa {limit:num} g)</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="45" />
            <source>{qty:num} units of {name} is not believable (max {limit:num})</source>
            <translation>{qty:num} đơn vị {name} là con số không hợp lý (tối đa {limit:num})</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="52" />
            <source>unknown or inactive staff member {staff_id!r}</source>
            <translation>nhân viên {staff_id!r} không tồn tại hoặc đã ngừng hoạt động</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="111" />
            <source>certificate warning days must be a whole number from 0 to {most}</source>
            <translation>số ngày báo trước hạn chứng nhận phải là số nguyên từ 0 đến {most}</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="140" />
            <location filename="../../pos/stock.py" line="181" />
            <source>page size must be a whole number from 1 to {most}</source>
            <translation>số dòng mỗi trang phải là số nguyên từ 1 đến {most}</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="144" />
            <source>not a position in the stock list: {after!r}</source>
            <translation>không phải vị trí hợp lệ trong danh sách tồn kho: {after!r}</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="212" />
            <source>unknown producer {producer_id!r}</source>
            <translation>không tìm thấy nhà sản xuất {producer_id!r}</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="215" />
            <source>a delivery needs at least one line</source>
            <translation>phiếu giao hàng phải có ít nhất một dòng</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="219" />
            <source>delivery line must be {{'product_id', 'qty'}}, not {line!r}</source>
            <translation>dòng giao hàng phải có dạng {{'product_id', 'qty'}}, không phải {line!r}</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="223" />
            <source>{name} ({sku}) is not made by {producer}; book it on its own producer's delivery</source>
            <translation>{name} ({sku}) không do {producer} sản xuất; hãy nhập vào phiếu giao hàng của đúng nhà sản xuất</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="228" />
            <source>{name} appears twice on the delivery; add the quantities</source>
            <translation>{name} xuất hiện hai lần trên phiếu giao hàng; hãy cộng gộp số lượng</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="237" />
            <source>expiry date must be YYYY-MM-DD: {expires!r}</source>
            <translation>hạn sử dụng phải có dạng YYYY-MM-DD: {expires!r}</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="260" />
            <source>unknown delivery {delivery_id!r}</source>
            <translation>không tìm thấy phiếu giao hàng {delivery_id!r}</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="273" />
            <source>movement kind must be one of {kinds}, not {kind!r}</source>
            <translation>loại xuất nhập phải là một trong: {kinds}, không phải {kind!r}</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="279" />
            <source>say why (reason) for this stock movement</source>
            <translation>hãy ghi lý do cho lần xuất nhập kho này</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="284" />
            <source>a manager must approve writing off {name}</source>
            <translation>xuất hủy {name} phải được quản lý duyệt</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="292" />
            <source>only {on_hand} {unit} of {name} in stock; count the stock first if that is wrong</source>
            <translation>trong kho chỉ còn {on_hand} {unit} {name}; nếu số này sai, hãy kiểm kho trước</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="307" />
            <source>unknown stock count {count_id!r}</source>
            <translation>không tìm thấy phiên kiểm kho {count_id!r}</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="309" />
            <source>this stock count is already approved</source>
            <translation>phiên kiểm kho này đã được duyệt rồi</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="311" />
            <source>this stock count was cancelled</source>
            <translation>phiên kiểm kho này đã bị hủy</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="324" />
            <source>a stock count is already open: finish or cancel it first</source>
            <translation>đang có một phiên kiểm kho mở: hãy hoàn tất hoặc hủy nó trước</translation>
        </message>
        <message>
            <location filename="../../pos/stock.py" line="380" />
            <source>nothing has been counted yet</source>
            <translation>chưa kiểm đếm sản phẩm nào</translation>
        </message>
        <message>
            <location filename="../../pos/store.py" line="99" />
            <source>{path} does not exist</source>
            <translation>{path} không tồn tại</translation>
        </message>
        <message>
            <location filename="../../pos/store.py" line="124" />
            <source>{path} is not a POS database (not SQLite)</source>
            <translation>{path} không phải cơ sở dữ liệu bán hàng (không phải SQLite)</translation>
        </message>
        <message>
            <location filename="../../pos/store.py" line="132" />
            <source>{path} is not a POS database: {error}</source>
            <translation>{path} không phải cơ sở dữ liệu bán hàng: {error}</translation>
        </message>
        <message>
            <location filename="../../pos/store.py" line="134" />
            <source>{path} is a SQLite file of another program</source>
            <translation>{path} là tệp SQLite của chương trình khác</translation>
        </message>
        <message>
            <location filename="../../pos/store.py" line="136" />
            <source>{path} is not a POS database (application id {app_id:#x})</source>
            <translation>{path} không phải cơ sở dữ liệu bán hàng (mã ứng dụng {app_id:#x})</translation>
        </message>
        <message>
            <location filename="../../pos/store.py" line="139" />
            <source>{path} was written by a newer OCOP POS (schema {version} &gt; {supported}); update this kiosk's software</source>
            <translation>{path} được ghi bởi phiên bản OCOP POS mới hơn (lược đồ {version} &gt; {supported}); hãy cập nhật phần mềm của máy bán hàng này</translation>
        </message>
        <message>
            <location filename="../../pos/vietqr.py" line="30" />
            <source>VietQR field {tag} longer than 99 characters</source>
            <translation>trường VietQR {tag} dài quá 99 ký tự</translation>
        </message>
        <message>
            <location filename="../../pos/vietqr.py" line="55" />
            <source>bank BIN must be 6 digits: {bin_code!r}</source>
            <translation>mã BIN ngân hàng phải gồm 6 chữ số: {bin_code!r}</translation>
        </message>
        <message>
            <location filename="../../pos/vietqr.py" line="57" />
            <source>bank account must be 1-19 letters/digits: {account!r}</source>
            <translation>số tài khoản ngân hàng phải gồm 1-19 chữ cái/chữ số: {account!r}</translation>
        </message>
        <message>
            <location filename="../../pos/vietqr.py" line="59" />
            <source>VietQR amount must be a positive whole number of đồng: {amount!r}</source>
            <translation>số tiền VietQR phải là số đồng nguyên lớn hơn 0: {amount!r}</translation>
        </message>
        <message>
            <location filename="../../pos/vietqr.py" line="61" />
            <source>VietQR purpose and reference must be plain ASCII</source>
            <translation>nội dung và mã tham chiếu VietQR chỉ được dùng ký tự ASCII không dấu</translation>
        </message>
        <message>
            <location filename="../../pos/vietqr.py" line="81" />
            <source>truncated TLV</source>
            <translation>dữ liệu TLV bị cắt cụt</translation>
        </message>
        <message>
            <location filename="../../pos/vietqr.py" line="84" />
            <source>bad TLV length at {pos}</source>
            <translation>độ dài TLV sai tại vị trí {pos}</translation>
        </message>
        <message>
            <location filename="../../pos/vietqr.py" line="88" />
            <source>truncated TLV value</source>
            <translation>giá trị TLV bị cắt cụt</translation>
        </message>
        <message>
            <location filename="../../pos/vietqr.py" line="107" />
            <source>no CRC field</source>
            <translation>thiếu trường CRC</translation>
        </message>
        <message>
            <location filename="../../pos/vietqr.py" line="109" />
            <source>CRC mismatch</source>
            <translation>mã CRC không khớp</translation>
        </message>
        <message>
            <location filename="../../pos/vietqr.py" line="113" />
            <source>not a NAPAS VietQR payload</source>
            <translation>không phải dữ liệu VietQR của NAPAS</translation>
        </message>
    </context>
</TS>
