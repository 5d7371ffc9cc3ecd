<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../approval.py" line="17"/>
        <source>Manager approval</source>
        <translation>Quản lý phê duyệt</translation>
    </message>
    <message>
        <location filename="../approval.py" line="19"/>
        <source>A manager must approve: %1</source>
        <translation>Cần quản lý phê duyệt: %1</translation>
    </message>
    <message>
        <location filename="../approval.py" line="28"/>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <location filename="../approval.py" line="39"/>
        <source>discount</source>
        <translation>giảm giá</translation>
    </message>
    <message>
        <location filename="../approval.py" line="40"/>
        <source>refund</source>
        <translation>trả hàng</translation>
    </message>
    <message>
        <location filename="../approval.py" line="41"/>
        <source>void a receipt</source>
        <translation>hủy hóa đơn</translation>
    </message>
    <message>
        <location filename="../approval.py" line="42"/>
        <source>take cash out</source>
        <translation>rút tiền mặt</translation>
    </message>
    <message>
        <location filename="../approval.py" line="43"/>
        <source>reprint</source>
        <translation>in lại</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <location filename="../cart_view.py" line="43"/>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <location filename="../cart_view.py" line="43"/>
        <source>Qty</source>
        <translation>SL</translation>
    </message>
    <message>
        <location filename="../cart_view.py" line="43"/>
        <source>Price</source>
        <translation>Đơn giá</translation>
    </message>
    <message>
        <location filename="../cart_view.py" line="43"/>
        <source>Discount</source>
        <translation>Giảm giá</translation>
    </message>
    <message>
        <location filename="../cart_view.py" line="43"/>
        <source>Amount</source>
        <translation>Thành tiền</translation>
    </message>
</context>
<context>
    <name>DonePanel</name>
    <message>
        <location filename="../payment.py" line="399"/>
        <source>Next sale</source>
        <translation>Đơn mới</translation>
    </message>
    <message>
        <location filename="../payment.py" line="404"/>
        <source>Reprint</source>
        <translation>In lại</translation>
    </message>
    <message>
        <location filename="../payment.py" line="429"/>
        <source>Sale %1 completed</source>
        <translation>Đã bán xong đơn %1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="431"/>
        <source>Change: %1</source>
        <translation>Tiền thừa: %1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="433"/>
        <source>No change due</source>
        <translation>Không có tiền thừa</translation>
    </message>
    <message>
        <location filename="../payment.py" line="436"/>
        <source>Total %1 · paid %2</source>
        <translation>Tổng %1 · khách trả %2</translation>
    </message>
    <message>
        <location filename="../payment.py" line="437"/>
        <source>The receipt is being printed.</source>
        <translation>Hóa đơn đang được in.</translation>
    </message>
    <message>
        <location filename="../payment.py" line="438"/>
        <source>No printer is set up: the receipt is shown here.</source>
        <translation>Chưa cài máy in: hóa đơn hiển thị tại đây.</translation>
    </message>
    <message>
        <location filename="../payment.py" line="451"/>
        <source>Reprint queued</source>
        <translation>Đã gửi lệnh in lại</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../errors.py" line="41"/>
        <source>Unknown barcode</source>
        <translation>Mã vạch không có trong danh mục</translation>
    </message>
    <message>
        <location filename="../errors.py" line="42"/>
        <source>Invalid barcode</source>
        <translation>Mã vạch không hợp lệ</translation>
    </message>
    <message>
        <location filename="../errors.py" line="43"/>
        <source>Unknown product</source>
        <translation>Không tìm thấy sản phẩm</translation>
    </message>
    <message>
        <location filename="../errors.py" line="44"/>
        <source>Invalid quantity</source>
        <translation>Số lượng không hợp lệ</translation>
    </message>
    <message>
        <location filename="../errors.py" line="45"/>
        <source>Invalid amount</source>
        <translation>Số tiền không hợp lệ</translation>
    </message>
    <message>
        <location filename="../errors.py" line="46"/>
        <source>Invalid discount</source>
        <translation>Mức giảm giá không hợp lệ</translation>
    </message>
    <message>
        <location filename="../errors.py" line="47"/>
        <source>A manager must approve this</source>
        <translation>Cần quản lý phê duyệt</translation>
    </message>
    <message>
        <location filename="../errors.py" line="48"/>
        <source>The payment does not cover the total</source>
        <translation>Số tiền thanh toán chưa đủ</translation>
    </message>
    <message>
        <location filename="../errors.py" line="49"/>
        <source>The cart is empty</source>
        <translation>Giỏ hàng trống</translation>
    </message>
    <message>
        <location filename="../errors.py" line="50"/>
        <source>More than was sold cannot be refunded</source>
        <translation>Không thể trả nhiều hơn số đã bán</translation>
    </message>
    <message>
        <location filename="../errors.py" line="51"/>
        <source>Not possible now</source>
        <translation>Không thực hiện được lúc này</translation>
    </message>
    <message>
        <location filename="../errors.py" line="52"/>
        <source>No open shift: open a shift first</source>
        <translation>Chưa mở ca: hãy mở ca trước</translation>
    </message>
    <message>
        <location filename="../errors.py" line="53"/>
        <source>Wrong PIN</source>
        <translation>Sai mã PIN</translation>
    </message>
    <message>
        <location filename="../errors.py" line="54"/>
        <source>Locked after too many wrong PINs; try again later</source>
        <translation>Bị khóa do nhập sai PIN quá nhiều lần; thử lại sau</translation>
    </message>
    <message>
        <location filename="../errors.py" line="55"/>
        <source>Not allowed for this staff member</source>
        <translation>Nhân viên này không có quyền</translation>
    </message>
    <message>
        <location filename="../errors.py" line="56"/>
        <source>Please check the values</source>
        <translation>Vui lòng kiểm tra lại thông tin</translation>
    </message>
    <message>
        <location filename="../errors.py" line="57"/>
        <source>This file is not a kiosk database</source>
        <translation>Tệp này không phải cơ sở dữ liệu của quầy</translation>
    </message>
    <message>
        <location filename="../errors.py" line="58"/>
        <source>The database is from a newer version</source>
        <translation>Cơ sở dữ liệu thuộc phiên bản mới hơn</translation>
    </message>
    <message>
        <location filename="../errors.py" line="63"/>
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
</context>
<context>
    <name>HeldDialog</name>
    <message>
        <location filename="../held.py" line="17"/>
        <source>Held sales</source>
        <translation>Đơn đang giữ</translation>
    </message>
    <message>
        <location filename="../held.py" line="19"/>
        <source>Choose a held sale to take back</source>
        <translation>Chọn đơn đang giữ để tiếp tục</translation>
    </message>
    <message>
        <location filename="../held.py" line="24"/>
        <source>%1 lines</source>
        <translation>%1 dòng</translation>
    </message>
    <message>
        <location filename="../held.py" line="31"/>
        <source>Take back (Enter)</source>
        <translation>Lấy lại (Enter)</translation>
    </message>
    <message>
        <location filename="../held.py" line="32"/>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
</context>
<context>
    <name>HistoryScreen</name>
    <message>
        <location filename="../history.py" line="56"/>
        <source>Receipt number (or scan the receipt)</source>
        <translation>Số hóa đơn (hoặc quét hóa đơn)</translation>
    </message>
    <message>
        <location filename="../history.py" line="59"/>
        <source>All days</source>
        <translation>Mọi ngày</translation>
    </message>
    <message>
        <location filename="../history.py" line="72"/>
        <source>Receipt</source>
        <translation>Hóa đơn</translation>
    </message>
    <message>
        <location filename="../history.py" line="72"/>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <location filename="../history.py" line="72"/>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <location filename="../history.py" line="73"/>
        <source>Clerk</source>
        <translation>Thu ngân</translation>
    </message>
    <message>
        <location filename="../history.py" line="73"/>
        <source>Payment</source>
        <translation>Thanh toán</translation>
    </message>
    <message>
        <location filename="../history.py" line="73"/>
        <source>Total</source>
        <translation>Tổng</translation>
    </message>
    <message>
        <location filename="../history.py" line="88"/>
        <source>Reprint</source>
        <translation>In lại</translation>
    </message>
    <message>
        <location filename="../history.py" line="89"/>
        <location filename="../history.py" line="146"/>
        <source>Refund</source>
        <translation>Trả hàng</translation>
    </message>
    <message>
        <location filename="../history.py" line="90"/>
        <source>Void</source>
        <translation>Hủy HĐ</translation>
    </message>
    <message>
        <location filename="../history.py" line="145"/>
        <source>Voided</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <location filename="../history.py" line="146"/>
        <source>Sale</source>
        <translation>Bán hàng</translation>
    </message>
    <message>
        <location filename="../history.py" line="153"/>
        <source>Cash</source>
        <translation>Tiền mặt</translation>
    </message>
    <message>
        <location filename="../history.py" line="153"/>
        <source>VietQR</source>
        <translation>VietQR</translation>
    </message>
    <message>
        <location filename="../history.py" line="153"/>
        <source>Card</source>
        <translation>Thẻ</translation>
    </message>
    <message>
        <location filename="../history.py" line="181"/>
        <source>Refund of %1</source>
        <translation>Trả hàng của HĐ %1</translation>
    </message>
    <message>
        <location filename="../history.py" line="183"/>
        <source>Voided: %1</source>
        <translation>Đã hủy: %1</translation>
    </message>
    <message>
        <location filename="../history.py" line="203"/>
        <source>Reprint queued</source>
        <translation>Đã gửi lệnh in lại</translation>
    </message>
    <message>
        <location filename="../history.py" line="217"/>
        <source>Refund %1: give back %2</source>
        <translation>Phiếu trả %1: hoàn lại khách %2</translation>
    </message>
    <message>
        <location filename="../history.py" line="224"/>
        <source>Wrong price or quantity</source>
        <translation>Sai giá hoặc số lượng</translation>
    </message>
    <message>
        <location filename="../history.py" line="229"/>
        <source>Void %1</source>
        <translation>Hủy hóa đơn %1</translation>
    </message>
    <message>
        <location filename="../history.py" line="230"/>
        <source>Why is this receipt voided?</source>
        <translation>Lý do hủy hóa đơn?</translation>
    </message>
    <message>
        <location filename="../history.py" line="223"/>
        <source>Entered by mistake</source>
        <translation>Nhập nhầm</translation>
    </message>
    <message>
        <location filename="../history.py" line="223"/>
        <source>Customer cancelled</source>
        <translation>Khách hủy</translation>
    </message>
    <message>
        <location filename="../history.py" line="223"/>
        <source>Payment failed</source>
        <translation>Thanh toán không thành công</translation>
    </message>
    <message>
        <location filename="../history.py" line="256"/>
        <source>Receipt voided</source>
        <translation>Đã hủy hóa đơn</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../login.py" line="24"/>
        <source>Who is selling?</source>
        <translation>Ai đang bán hàng?</translation>
    </message>
    <message>
        <location filename="../login.py" line="33"/>
        <location filename="../login.py" line="63"/>
        <source>Choose your name</source>
        <translation>Chọn tên của bạn</translation>
    </message>
    <message>
        <location filename="../login.py" line="81"/>
        <source>Clerk</source>
        <translation>Thu ngân</translation>
    </message>
    <message>
        <location filename="../login.py" line="81"/>
        <source>Manager</source>
        <translation>Quản lý</translation>
    </message>
    <message>
        <location filename="../login.py" line="81"/>
        <source>Administrator</source>
        <translation>Quản trị</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="47"/>
        <location filename="../main_window.py" line="149"/>
        <source>OCOP POS</source>
        <translation>Bán hàng OCOP</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="119"/>
        <source>Sell</source>
        <translation>Bán hàng</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="190"/>
        <source>Receipts</source>
        <translation>Hóa đơn</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="194"/>
        <source>Shift</source>
        <translation>Ca</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="133"/>
        <source>Switch language</source>
        <translation>Đổi ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="137"/>
        <source>Lock / switch staff</source>
        <translation>Khóa / đổi người</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="248"/>
        <source>Only a manager can open this screen</source>
        <translation>Chỉ quản lý được mở màn hình này</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="268"/>
        <source>Close the open window first, then scan again</source>
        <translation>Hãy đóng cửa sổ đang mở rồi quét lại</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="271"/>
        <source>Log in first, then scan</source>
        <translation>Hãy đăng nhập trước khi quét</translation>
    </message>
</context>
<context>
    <name>NumberPrompt</name>
    <message>
        <location filename="../prompts.py" line="50"/>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <location filename="../prompts.py" line="62"/>
        <source>OK (Enter)</source>
        <translation>Đồng ý (Enter)</translation>
    </message>
    <message>
        <location filename="../prompts.py" line="64"/>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <location filename="../prompts.py" line="101"/>
        <source>Enter a number</source>
        <translation>Hãy nhập một số</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <location filename="../payment.py" line="94"/>
        <source>Cash given, or the part to pay by card / QR</source>
        <translation>Tiền khách đưa, hoặc phần trả bằng thẻ / QR</translation>
    </message>
    <message>
        <location filename="../payment.py" line="105"/>
        <source>Card terminal reference (on the terminal slip)</source>
        <translation>Mã giao dịch máy POS thẻ (trên phiếu)</translation>
    </message>
    <message>
        <location filename="../payment.py" line="124"/>
        <location filename="../payment.py" line="205"/>
        <source>VietQR</source>
        <translation>VietQR</translation>
    </message>
    <message>
        <location filename="../payment.py" line="125"/>
        <location filename="../payment.py" line="205"/>
        <source>Card</source>
        <translation>Thẻ</translation>
    </message>
    <message>
        <location filename="../payment.py" line="126"/>
        <source>Back to cart</source>
        <translation>Quay lại giỏ</translation>
    </message>
    <message>
        <location filename="../payment.py" line="131"/>
        <location filename="../payment.py" line="255"/>
        <source>Complete sale</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <location filename="../payment.py" line="201"/>
        <source>To pay: %1</source>
        <translation>Cần thanh toán: %1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="202"/>
        <source>Remaining: %1</source>
        <translation>Còn lại: %1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="205"/>
        <source>Cash</source>
        <translation>Tiền mặt</translation>
    </message>
    <message>
        <location filename="../payment.py" line="222"/>
        <source>Exact %1</source>
        <translation>Vừa đủ %1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="244"/>
        <source>Enter: exact cash %1</source>
        <translation>Enter: tiền mặt vừa đủ %1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="247"/>
        <source>Change: %1</source>
        <translation>Tiền thừa: %1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="255"/>
        <source>Money received</source>
        <translation>Đã nhận tiền</translation>
    </message>
    <message>
        <location filename="../payment.py" line="256"/>
        <source>Card payment approved</source>
        <translation>Thẻ đã thanh toán</translation>
    </message>
    <message>
        <location filename="../payment.py" line="291"/>
        <source>Type the card terminal&apos;s reference first</source>
        <translation>Hãy nhập mã giao dịch của máy POS thẻ trước</translation>
    </message>
    <message>
        <location filename="../payment.py" line="328"/>
        <source>Making the QR code…</source>
        <translation>Đang tạo mã QR…</translation>
    </message>
    <message>
        <location filename="../payment.py" line="341"/>
        <source>Scan to pay %1</source>
        <translation>Quét mã để trả %1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="343"/>
        <source>Press Enter when the money has arrived</source>
        <translation>Nhấn Enter khi tiền đã về tài khoản</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../pinpad.py" line="20"/>
        <source>PIN</source>
        <translation>Mã PIN</translation>
    </message>
    <message>
        <location filename="../pinpad.py" line="28"/>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../reasons.py" line="43"/>
        <source>Other…</source>
        <translation>Khác…</translation>
    </message>
    <message>
        <location filename="../reasons.py" line="60"/>
        <source>Write the reason, then Enter</source>
        <translation>Ghi lý do, rồi nhấn Enter</translation>
    </message>
    <message>
        <location filename="../reasons.py" line="62"/>
        <source>OK (Enter)</source>
        <translation>Đồng ý (Enter)</translation>
    </message>
    <message>
        <location filename="../reasons.py" line="76"/>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <location filename="../reasons.py" line="104"/>
        <source>Write the reason first (or press Esc to cancel)</source>
        <translation>Hãy ghi lý do trước (hoặc nhấn Esc để hủy)</translation>
    </message>
</context>
<context>
    <name>ReceiptPreview</name>
    <message>
        <location filename="../receipt_preview.py" line="63"/>
        <source>Loading the receipt…</source>
        <translation>Đang tải hóa đơn…</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <location filename="../history.py" line="270"/>
        <source>Refund from %1</source>
        <translation>Trả hàng từ HĐ %1</translation>
    </message>
    <message>
        <location filename="../history.py" line="275"/>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <location filename="../history.py" line="275"/>
        <source>Sold</source>
        <translation>Đã bán</translation>
    </message>
    <message>
        <location filename="../history.py" line="275"/>
        <source>Can refund</source>
        <translation>Có thể trả</translation>
    </message>
    <message>
        <location filename="../history.py" line="276"/>
        <source>Refund</source>
        <translation>Trả hàng</translation>
    </message>
    <message>
        <location filename="../history.py" line="300"/>
        <source>Refund… (Enter)</source>
        <translation>Trả hàng… (Enter)</translation>
    </message>
    <message>
        <location filename="../history.py" line="318"/>
        <source>Faulty product</source>
        <translation>Sản phẩm lỗi</translation>
    </message>
    <message>
        <location filename="../history.py" line="318"/>
        <source>Customer changed their mind</source>
        <translation>Khách đổi ý</translation>
    </message>
    <message>
        <location filename="../history.py" line="318"/>
        <source>Wrong item sold</source>
        <translation>Bán nhầm hàng</translation>
    </message>
    <message>
        <location filename="../history.py" line="327"/>
        <source>Why do the goods come back?</source>
        <translation>Vì sao khách trả hàng?</translation>
    </message>
    <message>
        <location filename="../history.py" line="292"/>
        <source>Cash</source>
        <translation>Tiền mặt</translation>
    </message>
    <message>
        <location filename="../history.py" line="292"/>
        <source>Card</source>
        <translation>Thẻ</translation>
    </message>
    <message>
        <location filename="../history.py" line="292"/>
        <source>Bank transfer</source>
        <translation>Chuyển khoản</translation>
    </message>
    <message>
        <location filename="../history.py" line="301"/>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <location filename="../history.py" line="306"/>
        <source>Give the money back as</source>
        <translation>Hoàn tiền bằng</translation>
    </message>
    <message>
        <location filename="../history.py" line="319"/>
        <source>Expired or spoiled</source>
        <translation>Hết hạn hoặc hư hỏng</translation>
    </message>
    <message>
        <location filename="../history.py" line="319"/>
        <source>Damaged packaging</source>
        <translation>Bao bì hư hỏng</translation>
    </message>
    <message>
        <location filename="../history.py" line="324"/>
        <source>Choose how many of which product come back</source>
        <translation>Chọn sản phẩm và số lượng khách trả lại</translation>
    </message>
</context>
<context>
    <name>SellScreen</name>
    <message>
        <location filename="../sell.py" line="140"/>
        <source>Search products (F2): name, producer, SKU</source>
        <translation>Tìm sản phẩm (F2): tên, nhà sản xuất, mã SKU</translation>
    </message>
    <message>
        <location filename="../sell.py" line="155"/>
        <source>← Categories</source>
        <translation>← Danh mục</translation>
    </message>
    <message>
        <location filename="../sell.py" line="217"/>
        <source>Qty / grams</source>
        <translation>Số lượng / gam</translation>
    </message>
    <message>
        <location filename="../sell.py" line="218"/>
        <source>Remove</source>
        <translation>Xóa dòng</translation>
    </message>
    <message>
        <location filename="../sell.py" line="219"/>
        <location filename="../sell.py" line="622"/>
        <source>Line discount</source>
        <translation>Giảm giá dòng</translation>
    </message>
    <message>
        <location filename="../sell.py" line="220"/>
        <location filename="../sell.py" line="631"/>
        <source>Order discount</source>
        <translation>Giảm giá đơn</translation>
    </message>
    <message>
        <location filename="../sell.py" line="221"/>
        <source>Hold</source>
        <translation>Giữ đơn</translation>
    </message>
    <message>
        <location filename="../sell.py" line="222"/>
        <source>Held sales</source>
        <translation>Đơn đang giữ</translation>
    </message>
    <message>
        <location filename="../sell.py" line="228"/>
        <source>Pay</source>
        <translation>Thanh toán</translation>
    </message>
    <message>
        <location filename="../sell.py" line="293"/>
        <source>Click or press Esc to close</source>
        <translation>Bấm vào đây hoặc nhấn Esc để đóng</translation>
    </message>
    <message>
        <location filename="../sell.py" line="319"/>
        <location filename="../sell.py" line="320"/>
        <source>Finish or cancel the payment before scanning more</source>
        <translation>Hãy hoàn tất hoặc hủy thanh toán trước khi quét thêm</translation>
    </message>
    <message>
        <location filename="../sell.py" line="329"/>
        <source>Weight label %1: %2 is sold per unit, not by weight. Check the item number on the scale. The item was NOT added.</source>
        <translation>Tem cân %1: %2 bán theo đơn vị, không bán theo cân. Kiểm tra mã hàng trên cân. Sản phẩm CHƯA được thêm.</translation>
    </message>
    <message>
        <location filename="../sell.py" line="342"/>
        <source>Scale label %1: item number %2 is not in the catalog (no product has the PLU key %3). The item was NOT added.</source>
        <translation>Tem cân %1: mã hàng %2 không có trong danh mục (không sản phẩm nào có mã PLU %3). Sản phẩm CHƯA được thêm.</translation>
    </message>
    <message>
        <location filename="../sell.py" line="346"/>
        <source>Unknown barcode %1: not in the catalog. The item was NOT added.</source>
        <translation>Mã vạch %1 không có trong danh mục. Sản phẩm CHƯA được thêm.</translation>
    </message>
    <message>
        <location filename="../sell.py" line="349"/>
        <source>Invalid barcode %1: scan again or type the product name. The item was NOT added.</source>
        <translation>Mã vạch %1 không hợp lệ: quét lại hoặc gõ tên sản phẩm. Sản phẩm CHƯA được thêm.</translation>
    </message>
    <message>
        <location filename="../sell.py" line="379"/>
        <source>%1 is sold by weight (%2/kg). Enter the grams:</source>
        <translation>%1 bán theo cân (%2/kg). Nhập số gam:</translation>
    </message>
    <message>
        <location filename="../sell.py" line="385"/>
        <source>Weight</source>
        <translation>Khối lượng</translation>
    </message>
    <message>
        <location filename="../sell.py" line="425"/>
        <source>No product matches “%1”</source>
        <translation>Không có sản phẩm nào khớp “%1”</translation>
    </message>
    <message>
        <location filename="../sell.py" line="506"/>
        <source>incl. VAT %1</source>
        <translation>gồm thuế GTGT %1</translation>
    </message>
    <message>
        <location filename="../sell.py" line="508"/>
        <source>order discount %1</source>
        <translation>giảm giá đơn %1</translation>
    </message>
    <message>
        <location filename="../sell.py" line="510"/>
        <source>%1 items</source>
        <translation>%1 món</translation>
    </message>
    <message>
        <location filename="../sell.py" line="570"/>
        <source>Grams of %1:</source>
        <translation>Số gam %1:</translation>
    </message>
    <message>
        <location filename="../sell.py" line="570"/>
        <source>Quantity of %1:</source>
        <translation>Số lượng %1:</translation>
    </message>
    <message>
        <location filename="../sell.py" line="582"/>
        <source>Quantity</source>
        <translation>Số lượng</translation>
    </message>
    <message>
        <location filename="../sell.py" line="585"/>
        <source>Promotion</source>
        <translation>Khuyến mãi</translation>
    </message>
    <message>
        <location filename="../sell.py" line="585"/>
        <source>Damaged packaging</source>
        <translation>Bao bì hư hỏng</translation>
    </message>
    <message>
        <location filename="../sell.py" line="585"/>
        <source>Near expiry</source>
        <translation>Sắp hết hạn</translation>
    </message>
    <message>
        <location filename="../sell.py" line="586"/>
        <source>Loyal customer</source>
        <translation>Khách quen</translation>
    </message>
    <message>
        <location filename="../sell.py" line="598"/>
        <source>Not approved: the discount was not applied</source>
        <translation>Không được duyệt: chưa áp dụng giảm giá</translation>
    </message>
    <message>
        <location filename="../sell.py" line="605"/>
        <source>Discount approved by %1</source>
        <translation>%1 đã duyệt giảm giá</translation>
    </message>
    <message>
        <location filename="../sell.py" line="620"/>
        <source>Discount on %1 (đồng, or % of %2):</source>
        <translation>Giảm giá %1 (đồng, hoặc % của %2):</translation>
    </message>
    <message>
        <location filename="../sell.py" line="630"/>
        <source>Discount on the whole sale (đồng, or % of %1):</source>
        <translation>Giảm giá cả đơn (đồng, hoặc % của %1):</translation>
    </message>
    <message>
        <location filename="../sell.py" line="646"/>
        <source>Sale held: %1</source>
        <translation>Đã giữ đơn: %1</translation>
    </message>
    <message>
        <location filename="../sell.py" line="666"/>
        <source>No held sales</source>
        <translation>Không có đơn đang giữ</translation>
    </message>
    <message>
        <location filename="../sell.py" line="682"/>
        <source>Held sale taken back</source>
        <translation>Đã lấy lại đơn đang giữ</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../status.py" line="76"/>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <location filename="../status.py" line="76"/>
        <source>Offline</source>
        <translation>Ngoại tuyến</translation>
    </message>
    <message>
        <location filename="../status.py" line="76"/>
        <source>No server</source>
        <translation>Chưa có máy chủ</translation>
    </message>
    <message>
        <location filename="../status.py" line="77"/>
        <source>%1 unsynced</source>
        <translation>%1 chưa đồng bộ</translation>
    </message>
    <message>
        <location filename="../status.py" line="80"/>
        <source>synced %1</source>
        <translation>đồng bộ lúc %1</translation>
    </message>
    <message>
        <location filename="../status.py" line="80"/>
        <source>never synced</source>
        <translation>chưa đồng bộ lần nào</translation>
    </message>
    <message>
        <location filename="../status.py" line="84"/>
        <source>%1 days differ from the centre</source>
        <translation>%1 ngày lệch với trung tâm</translation>
    </message>
    <message>
        <location filename="../status.py" line="98"/>
        <source>Nightly check %1: %2 days compared</source>
        <translation>Đối soát đêm %1: so %2 ngày</translation>
    </message>
    <message>
        <location filename="../status.py" line="100"/>
        <source>differ: %1</source>
        <translation>lệch: %1</translation>
    </message>
    <message>
        <location filename="../status.py" line="100"/>
        <source>all match</source>
        <translation>tất cả khớp</translation>
    </message>
    <message>
        <location filename="../status.py" line="102"/>
        <source>%1 catalog rows from the centre were refused</source>
        <translation>%1 dòng danh mục từ trung tâm bị từ chối</translation>
    </message>
    <message>
        <location filename="../status.py" line="132"/>
        <source>Printer: none (preview)</source>
        <translation>Máy in: không có (xem trước)</translation>
    </message>
    <message>
        <location filename="../status.py" line="134"/>
        <source>ready</source>
        <translation>sẵn sàng</translation>
    </message>
    <message>
        <location filename="../status.py" line="134"/>
        <source>offline</source>
        <translation>mất kết nối</translation>
    </message>
    <message>
        <location filename="../status.py" line="134"/>
        <source>out of paper</source>
        <translation>hết giấy</translation>
    </message>
    <message>
        <location filename="../status.py" line="135"/>
        <source>cover open</source>
        <translation>mở nắp</translation>
    </message>
    <message>
        <location filename="../status.py" line="135"/>
        <source>error</source>
        <translation>lỗi</translation>
    </message>
    <message>
        <location filename="../status.py" line="135"/>
        <source>waiting</source>
        <translation>đang chờ</translation>
    </message>
    <message>
        <location filename="../status.py" line="138"/>
        <source>not connected</source>
        <translation>chưa kết nối</translation>
    </message>
    <message>
        <location filename="../status.py" line="139"/>
        <source>Printer: %1</source>
        <translation>Máy in: %1</translation>
    </message>
    <message>
        <location filename="../status.py" line="144"/>
        <source>%1 to print</source>
        <translation>%1 chờ in</translation>
    </message>
    <message>
        <location filename="../status.py" line="146"/>
        <source>%1 failed</source>
        <translation>%1 lỗi</translation>
    </message>
    <message>
        <location filename="../status.py" line="155"/>
        <source>Staff: %1</source>
        <translation>Nhân viên: %1</translation>
    </message>
    <message>
        <location filename="../status.py" line="155"/>
        <source>Locked</source>
        <translation>Đã khóa</translation>
    </message>
    <message>
        <location filename="../status.py" line="160"/>
        <source>Shift #%1 open</source>
        <translation>Ca số %1 đang mở</translation>
    </message>
    <message>
        <location filename="../status.py" line="163"/>
        <source>No open shift</source>
        <translation>Chưa mở ca</translation>
    </message>
</context>
</TS>
